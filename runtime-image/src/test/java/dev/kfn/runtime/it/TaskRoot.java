package dev.kfn.runtime.it;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.joda.time.DateTime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Lays out test functions as a Lambda Java deployment package would be unpacked into /var/task:
 * the function's classes at the root, its libraries (aws-lambda-java-events and its joda-time) in lib/. Only the classes of
 * {@code dev.kfn.testfunctions} go in, so the host cannot lean on anything else of the test classpath.
 */
public final class TaskRoot {

    private static final Path ROOT = Path.of("target", "task-roots", "java");
    private static Path java;

    private TaskRoot() {
    }

    /** The same code as one deployment package, the way a {@code code.url} function ships it. */
    public static Path javaArchive() {
        Path root = java();
        Path archive = ROOT.resolveSibling("java.zip").toAbsolutePath();
        try (Stream<Path> files = Files.walk(root); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
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

    public static synchronized Path java() {
        if (java == null) {
            try {
                Path classes = Path.of(System.getProperty("kfn.test.classes"));
                Path functions = classes.resolve("dev/kfn/testfunctions");
                Path target = ROOT.resolve("dev/kfn/testfunctions");
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(functions)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.createDirectories(ROOT.resolve("lib"));
                for (Class<?> library : new Class<?>[] {ScheduledEvent.class, DateTime.class}) {
                    Path jar = Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI());
                    Files.copy(jar, ROOT.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                java = ROOT.toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return java;
    }
}
