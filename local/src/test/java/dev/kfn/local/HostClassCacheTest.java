package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostClassCacheTest {

    private static final String DIGEST = "0123456789abcdef0123456789abcdef";

    @Test
    void namesTheCacheAfterTheHostsContentAndTheExactJdk() {
        assertThat(HostClassCache.fileName(DIGEST, Runtime.Version.parse("25.0.3+9-LTS")))
                .isEqualTo("host-0123456789abcdef-jdk-25.0.3_9-LTS.aot");
        assertThat(HostClassCache.fileName(DIGEST, Runtime.Version.parse("25.0.4")))
                .isNotEqualTo(HostClassCache.fileName(DIGEST, Runtime.Version.parse("25.0.3")));
    }

    @Test
    void usesAnAotCacheFromJdk25AndAnAppCdsArchiveBefore() {
        Path file = Path.of("/k/cache");
        assertThat(new HostClassCache(file, 25).trainOptions(file)).containsExactly("-XX:AOTCacheOutput=/k/cache");
        assertThat(new HostClassCache(file, 25).useOptions()).containsExactly("-XX:AOTCache=/k/cache");
        assertThat(new HostClassCache(file, 21).trainOptions(file))
                .containsExactly("-XX:ArchiveClassesAtExit=/k/cache");
        assertThat(new HostClassCache(file, 17).useOptions()).containsExactly("-XX:SharedArchiveFile=/k/cache");
        assertThat(HostClassCache.fileName(DIGEST, Runtime.Version.parse("17.0.13")))
                .endsWith(".jsa");
    }

    @Test
    void aChangedHostChangesTheDigest(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("quarkus-run.jar"), "run");
        Files.writeString(app.resolve("lib").resolve("a.jar"), "one");
        String before = HostClassCache.digest(app);
        assertThat(HostClassCache.digest(app)).isEqualTo(before);

        Files.writeString(app.resolve("lib").resolve("a.jar"), "two");

        assertThat(HostClassCache.digest(app)).isNotEqualTo(before);
    }
}
