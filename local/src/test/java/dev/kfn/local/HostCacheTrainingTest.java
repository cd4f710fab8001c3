package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The host's class cache is trained by a real run against the real broker, and again when the host changes. */
class HostCacheTrainingTest {

    private static final Path BUILT_HOST = Path.of("../runtime-image/target/quarkus-app");

    @Test
    void trainsTheCacheAndTrainsAgainForAChangedHost() throws Exception {
        Path work =
                Files.createDirectories(Path.of("target/host-cache-training").toAbsolutePath());
        Path app = copy(BUILT_HOST, work.resolve("quarkus-app"));
        Path jar = app.resolve("quarkus-run.jar");
        HostJdk jdk = HostJdk.find(Map.of());
        Path caches = work.resolve("host-cache");

        HostClassCache first = HostClassCache.of(caches, jar, jdk);
        HostCacheTraining.train(first, jdk, jar, work, BrokerSettings.defaults());
        assertThat(first.file()).isRegularFile();
        assertThat(HostClassCache.of(caches, jar, jdk).trained()).isTrue();

        // a rebuilt host: any file of the package changed
        Files.writeString(app.resolve("lib").resolve("rebuilt.txt"), "another build");
        HostClassCache second = HostClassCache.of(caches, jar, jdk);
        assertThat(second.file()).isNotEqualTo(first.file());
        assertThat(second.trained()).isFalse();

        HostCacheTraining.train(second, jdk, jar, work, BrokerSettings.defaults());

        assertThat(second.file()).isRegularFile();
        assertThat(first.file()).doesNotExist();
    }

    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
