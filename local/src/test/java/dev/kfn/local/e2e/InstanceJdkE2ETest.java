package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kfn.local.HostJdk;
import dev.kfn.testsupport.TaskRoots;
import e2e.handlers.Noop;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kfn local runs instances on the newest JDK of this machine, so handlers compiled for a newer Java than kfn local's
 * own load, and starts them from the host's class cache once its training run has written it.
 */
class InstanceJdkE2ETest {

    private static final Path WORK = Path.of("target/e2e-instance-jdk").toAbsolutePath();
    private static LocalRun run;

    @BeforeAll
    static void start() throws IOException {
        // trained in this run, not found from an earlier one
        Path caches = WORK.resolve("host-cache");
        if (Files.isDirectory(caches)) {
            try (Stream<Path> files = Files.list(caches)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        // a cache folder of its own, not the one the module's other runs share
        run = LocalRun.start(WORK, Map.of("KFN_HOST_CACHE_DIR", caches.toString()));
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void runsAHandlerCompiledForJava21OnTheNewestJdk() throws Exception {
        HostJdk jdk = run.instanceJvm().jdk();
        assumeTrue(
                jdk.version().feature() >= 21,
                "no JDK of Java 21 or newer on this machine (the newest is " + jdk.version() + " at " + jdk.home()
                        + "); install one, or name one with " + HostJdk.OVERRIDE);
        Path classes = compileForJava21(jdk);
        assertThat(majorVersion(classes.resolve("j21/Greeter.class"))).isEqualTo(65);

        run.create(
                "java21",
                "j21.Greeter::handle",
                spec -> spec.getCode().setUrl(TaskRoots.zip(classes).toUri().toString()));
        HttpResponse<String> answer = run.invoke("java21", "{}").get(60, TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("\"on Java " + jdk.version().feature() + "\"");
        run.delete("java21");
    }

    @Test
    void trainsTheHostsClassCacheAndStartsInstancesFromIt() throws Exception {
        await().atMost(Duration.ofMinutes(3))
                .until(() -> run.instanceJvm().classCache().isPresent());
        Path cache = run.instanceJvm().classCache().orElseThrow();
        assertThat(cache).isRegularFile().hasParent(WORK.resolve("host-cache"));

        run.create("cached", Noop.class.getName() + "::handleRequest", spec -> {});
        assertThat(run.invoke("cached", "{}").get(60, TimeUnit.SECONDS).statusCode())
                .isEqualTo(200);
        long pid = run.pids("cached").get(0);

        assertThat(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow())
                .containsAnyOf("-XX:AOTCache=" + cache, "-XX:SharedArchiveFile=" + cache);
        // the JVM maps the cache it uses into its memory, and leaves one it rejects unmapped
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "maps")))
                .contains(cache.toString());
        run.delete("cached");
    }

    /** A handler whose class file says Java 21 (major version 65), compiled by the JDK picked. */
    private static Path compileForJava21(HostJdk jdk) throws Exception {
        // not under /tmp: an instance has a /tmp of its own
        Path dir = Files.createDirectories(WORK.resolve("java21"));
        Path source = Files.createDirectories(dir.resolve("src/j21")).resolve("Greeter.java");
        Files.writeString(source, """
                package j21;

                public class Greeter {
                    public String handle(Object event) {
                        return switch (event) {
                            case null -> "no event";
                            default -> "on Java " + Runtime.version().feature();
                        };
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        // the test JVM's own javax.tools compiler may be older than 21: the picked JDK's javac compiles it
        Process javac = new ProcessBuilder(
                        jdk.home().resolve("bin/javac").toString(),
                        "--release",
                        "21",
                        "-d",
                        classes.toString(),
                        source.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(javac.getInputStream().readAllBytes());
        assertThat(javac.waitFor()).as(output).isZero();
        return classes;
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile);
                DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
