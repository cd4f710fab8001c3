package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kfn.contract.HostJvm;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.RuntimeContainerfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Containerfile's training step, run as the image build runs it but with this machine's JDK 25 and the packaged
 * host in place of the image's: it leaves an AOT cache, and a host started with the image's command maps it (with
 * {@code -XX:AOTMode=on} a JVM that cannot use its cache refuses to start).
 */
class ContainerfileTrainingIT {

    private static final String IMAGE_HOST = "/opt/kfn/host";

    @TempDir
    Path work;

    @Test
    void trainingLeavesACacheTheHostStartsFrom() throws Exception {
        Optional<Path> java = jdk25();
        assumeTrue(java.isPresent(), "no JDK 25 or newer under /usr/lib/jvm");
        Path host = Path.of(System.getProperty(HostProcess.JAR_PROPERTY)).getParent();
        Path cache = work.resolve("app.aot");
        RuntimeContainerfile.Training training = RuntimeContainerfile.read().training();

        Process trained = run(java.get(), local(training.command(), host, cache), training.environment(), "train.log");
        assertThat(trained.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(cache).isNotEmptyFile();

        List<String> withCache = new ArrayList<>(List.of("java", "-XX:AOTCache=" + cache, "-XX:AOTMode=on"));
        withCache.addAll(local(training.command(), host, cache)
                .subList(2, training.command().size()));
        Process started = run(java.get(), withCache, training.environment(), "start.log");
        assertThat(started.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(work.resolve("start.log"))).contains("kfn-runtime-host", "started in");
    }

    /** The image's paths mapped onto this build: the host's folder, and the cache in the test's own folder. */
    private static List<String> local(List<String> command, Path host, Path cache) {
        return command.stream()
                .map(part -> part.equals("-XX:AOTCacheOutput=" + HostJvm.AOT_CACHE)
                        ? "-XX:AOTCacheOutput=" + cache
                        : part.replace(IMAGE_HOST, host.toString()))
                .toList();
    }

    private Process run(Path java, List<String> command, Map<String, String> env, String log) throws IOException {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, java.toString());
        ProcessBuilder builder = new ProcessBuilder(resolved)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile());
        builder.environment().putAll(env);
        // the image's port is free in a build; here any free one
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        return builder.start();
    }

    private static Optional<Path> jdk25() throws IOException {
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(home -> feature(home) >= 25)
                    .max(Comparator.comparingInt(ContainerfileTrainingIT::feature))
                    .map(home -> home.resolve("bin/java"));
        }
    }

    private static int feature(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream()
                    .filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(v -> Runtime.Version.parse(v).feature())
                    .findFirst()
                    .orElse(0);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }
}
