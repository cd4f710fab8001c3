package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HostJdkTest {

    private static String release(String version) {
        return "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n";
    }

    @Test
    void picksTheNewestJdkOfSeventeenOrLater() {
        Map<Path, String> releases = new LinkedHashMap<>();
        releases.put(Path.of("/jdk/17"), release("17.0.13"));
        releases.put(Path.of("/jdk/25"), release("25.0.3"));
        releases.put(Path.of("/jdk/21"), release("21.0.5"));
        assertThat(HostJdk.newest(releases)).hasValueSatisfying(jdk -> {
            assertThat(jdk.home()).isEqualTo(Path.of("/jdk/25"));
            assertThat(jdk.version().feature()).isEqualTo(25);
            assertThat(jdk.java()).isEqualTo(Path.of("/jdk/25/bin/java"));
        });
    }

    @Test
    void comparesUpdatesWithinOneFeatureRelease() {
        Map<Path, String> releases = new LinkedHashMap<>();
        releases.put(Path.of("/jdk/a"), release("21.0.2"));
        releases.put(Path.of("/jdk/b"), release("21.0.10"));
        assertThat(HostJdk.newest(releases).orElseThrow().home()).isEqualTo(Path.of("/jdk/b"));
    }

    @Test
    void keepsTheFirstNamedOfTwoEqualVersions() {
        Map<Path, String> releases = new LinkedHashMap<>();
        releases.put(Path.of("/java-home"), release("25.0.3"));
        releases.put(Path.of("/usr/lib/jvm/other"), release("25.0.3"));
        assertThat(HostJdk.newest(releases).orElseThrow().home()).isEqualTo(Path.of("/java-home"));
    }

    @Test
    void ignoresJdksOlderThanSeventeenAndReleaseFilesWithoutAVersion() {
        Map<Path, String> releases = new LinkedHashMap<>();
        releases.put(Path.of("/jdk/8"), release("1.8.0_392"));
        releases.put(Path.of("/jdk/11"), release("11.0.21"));
        releases.put(Path.of("/jdk/none"), "IMPLEMENTOR=\"Someone\"\n");
        releases.put(Path.of("/jdk/garbled"), release("twenty-five"));
        assertThat(HostJdk.newest(releases)).isEmpty();
    }

    @Test
    void findsTheNewestJdkInstalledOnThisMachine() throws Exception {
        List<Path> installed;
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            installed = homes.filter(home -> Files.isRegularFile(home.resolve("release")))
                    .toList();
        }
        int newest = installed.stream()
                .map(home -> {
                    try {
                        return HostJdk.version(Files.readString(home.resolve("release")))
                                .orElseThrow()
                                .feature();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .reduce(Runtime.version().feature(), Math::max);

        HostJdk jdk = HostJdk.find(Map.of());

        assertThat(jdk.version().feature()).isEqualTo(newest);
        assertThat(jdk.java()).isExecutable();
    }

    @Test
    void takesTheJdkNamedByTheOverride() throws Exception {
        Path running = Path.of(System.getProperty("java.home"));

        HostJdk jdk = HostJdk.find(Map.of(HostJdk.OVERRIDE, running.toString()));

        assertThat(jdk.home()).isEqualTo(running.toRealPath());
        assertThat(jdk.version().version()).isEqualTo(Runtime.version().version());
    }

    @Test
    void refusesAnOverrideThatIsNoJdk() {
        assertThatThrownBy(() -> HostJdk.find(Map.of(HostJdk.OVERRIDE, "/nowhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(HostJdk.OVERRIDE + "=/nowhere");
    }
}
