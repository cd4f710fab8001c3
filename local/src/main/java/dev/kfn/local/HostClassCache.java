package dev.kfn.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runtime host's class cache for one host build and one JDK: on JDK 25 and newer an AOT cache (JEP 483, 514,
 * 515: classes loaded and linked, and method profiles, from a training run), on 17 to 24 a dynamic AppCDS archive.
 * Its file name carries a digest of the whole packaged host and the JDK's version, so a rebuilt host or another JDK
 * looks for a file that does not exist yet and is trained again, and a stale cache is never named.
 */
record HostClassCache(Path file, int jdkFeature) {

    /** The first JDK with {@code -XX:AOTCacheOutput} (JEP 514) and method profiles in the cache (JEP 515). */
    static final int AOT_CACHE = 25;

    /** The cache for {@code hostJar}'s application (the Quarkus app folder it lies in) on {@code jdk}, under {@code dir}. */
    static HostClassCache of(Path dir, Path hostJar, HostJdk jdk) {
        return new HostClassCache(
                dir.resolve(fileName(digest(hostJar.toAbsolutePath().getParent()), jdk.version())),
                jdk.version().feature());
    }

    /** Names the cache after what it is valid for: the host's content and the JDK's exact version. */
    static String fileName(String hostDigest, Runtime.Version jdk) {
        String kind = jdk.feature() >= AOT_CACHE ? "aot" : "jsa";
        return "host-" + hostDigest.substring(0, 16) + "-jdk-" + jdk.toString().replace('+', '_') + "." + kind;
    }

    /** Whether a file of the cache's folder is a finished cache. */
    static boolean isCache(String fileName) {
        return fileName.startsWith("host-") && (fileName.endsWith(".aot") || fileName.endsWith(".jsa"));
    }

    /** The option that makes a training run write the cache to {@code output}. */
    List<String> trainOptions(Path output) {
        return jdkFeature >= AOT_CACHE
                ? List.of("-XX:AOTCacheOutput=" + output)
                : List.of("-XX:ArchiveClassesAtExit=" + output);
    }

    /**
     * The option that makes an instance start from the cache; a cache the JVM finds unusable is ignored with a
     * warning, never an error (the default {@code -XX:AOTMode=auto}; CDS likewise).
     */
    List<String> useOptions() {
        return jdkFeature >= AOT_CACHE ? List.of("-XX:AOTCache=" + file) : List.of("-XX:SharedArchiveFile=" + file);
    }

    boolean trained() {
        return Files.isRegularFile(file);
    }

    /** SHA-256 over every file of the packaged host, names and contents, in a stable order. */
    static String digest(Path app) {
        try (Stream<Path> files = Files.walk(app)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(app.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host at " + app, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
