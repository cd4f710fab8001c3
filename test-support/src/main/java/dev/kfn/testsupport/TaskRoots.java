package dev.kfn.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test functions laid out as a Lambda Java deployment package is unpacked into /var/task: the classes of one
 * package at the root, libraries in {@code lib/}. Only that package goes in, so the host cannot lean on anything
 * else of the test classpath.
 */
public final class TaskRoots {

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private TaskRoots() {}

    /** The task root holding {@code anchor}'s package (taken from the test classes it was compiled to) and {@code libraries}' jars. */
    public static Path java(Class<?> anchor, Class<?>... libraries) {
        return java(anchor, Stream.of(libraries).map(TaskRoots::location).toList());
    }

    /** As {@link #java(Class, Class[])} with the jars named, for a library of many jars such as an AWS SDK client. */
    public static Path java(Class<?> anchor, List<Path> jars) {
        return BUILT.computeIfAbsent(anchor.getPackageName(), name -> build(anchor, jars));
    }

    /** The same code as one zip archive, the way a {@code code.url} function ships it. */
    public static Path zip(Path root) {
        Path archive = root.resolveSibling(root.getFileName() + ".zip");
        try (Stream<Path> files = Files.walk(root);
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(root.relativize(file).toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return archive;
    }

    private static Path build(Class<?> anchor, List<Path> jars) {
        try {
            String packagePath = anchor.getPackageName().replace('.', '/');
            Path classes = location(anchor);
            Path root = Path.of("target", "task-roots", anchor.getPackageName()).toAbsolutePath();
            Path target = root.resolve(packagePath);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(classes.resolve(packagePath))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!jars.isEmpty()) {
                Files.createDirectories(root.resolve("lib"));
                for (Path jar : jars) {
                    Files.copy(
                            jar, root.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path location(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
