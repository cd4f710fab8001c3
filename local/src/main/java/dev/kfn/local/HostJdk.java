package dev.kfn.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JDK kfn local runs runtime hosts on: the newest one of at least {@link #OLDEST} on this machine, so handlers
 * compiled for a newer Java than kfn local's own load. A JDK is known by the {@code JAVA_VERSION} of its
 * {@code release} file, which every JDK since 9 carries.
 */
public record HostJdk(Path home, Runtime.Version version) {

    /** A JDK home to use for instances, whatever else is installed. */
    public static final String OVERRIDE = "KFN_HOST_JAVA";

    /** The runtime host's own bytecode level. */
    static final int OLDEST = 17;

    /** Where Debian, Ubuntu and the Adoptium packages install JDKs. */
    private static final Path INSTALLED = Path.of("/usr/lib/jvm");

    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    /**
     * The newest JDK of at least {@link #OLDEST} among candidates, each a home and the text of its {@code release}
     * file; of two of the same version, the one named first.
     */
    static Optional<HostJdk> newest(Map<Path, String> releases) {
        Optional<HostJdk> newest = Optional.empty();
        for (Map.Entry<Path, String> candidate : releases.entrySet()) {
            Optional<HostJdk> jdk =
                    version(candidate.getValue()).map(version -> new HostJdk(candidate.getKey(), version));
            if (jdk.isPresent()
                    && jdk.get().version().feature() >= OLDEST
                    && newest.map(n -> jdk.get().version().compareTo(n.version()) > 0)
                            .orElse(true)) {
                newest = jdk;
            }
        }
        return newest;
    }

    /** {@code JAVA_VERSION} of a release file; none when absent or of the pre-9 form ({@code 1.8.0_392}). */
    static Optional<Runtime.Version> version(String release) {
        return release.lines()
                .filter(line -> line.startsWith("JAVA_VERSION="))
                .map(line -> line.substring("JAVA_VERSION=".length())
                        .replace("\"", "")
                        .trim())
                .findFirst()
                .flatMap(value -> {
                    try {
                        return Optional.of(Runtime.Version.parse(value));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
    }

    /**
     * The JDK named by {@link #OVERRIDE}, or else the newest of {@code JAVA_HOME}, those installed under
     * /usr/lib/jvm and the one running kfn local (always a candidate, so there is always an answer).
     */
    public static HostJdk find(Map<String, String> env) {
        Optional<String> override = Optional.ofNullable(env.get(OVERRIDE)).filter(value -> !value.isBlank());
        if (override.isPresent()) {
            Path home = Path.of(override.get());
            return newest(releases(List.of(home)))
                    .orElseThrow(() -> new IllegalArgumentException(OVERRIDE + "=" + home
                            + " is not a JDK home of Java " + OLDEST + " or newer (no release file saying so)"));
        }
        return newest(releases(candidates(env)))
                .orElseThrow(() -> new IllegalStateException("no JDK of Java " + OLDEST + " or newer found"));
    }

    private static List<Path> candidates(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("JAVA_HOME"))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .ifPresent(candidates::add);
        if (Files.isDirectory(INSTALLED)) {
            try (Stream<Path> installed = Files.list(INSTALLED)) {
                installed.sorted(Comparator.naturalOrder()).forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable folder offers no candidates
            }
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        return candidates;
    }

    /**
     * The release file of each candidate with a {@code bin/java}, by its real path, so the links Debian makes to one
     * JDK count once.
     */
    private static Map<Path, String> releases(List<Path> homes) {
        Map<Path, String> releases = new LinkedHashMap<>();
        for (Path home : homes) {
            try {
                Path real = home.toRealPath();
                if (!releases.containsKey(real)
                        && Files.isExecutable(real.resolve("bin").resolve("java"))) {
                    releases.put(real, Files.readString(real.resolve("release")));
                }
            } catch (IOException e) {
                // not a JDK home: no candidate
            }
        }
        return releases;
    }
}
