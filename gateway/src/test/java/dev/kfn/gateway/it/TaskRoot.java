package dev.kfn.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Lays out the test functions as a Lambda Java package unpacked into /var/task: only the classes of
 * {@code dev.kfn.gateway.testfunctions}, so the host cannot lean on anything else of the test classpath.
 */
public final class TaskRoot {

    private static final Path ROOT = Path.of("target", "task-roots", "java");
    private static final String PACKAGE = "dev/kfn/gateway/testfunctions";
    private static Path java;

    private TaskRoot() {
    }

    public static synchronized Path java() {
        if (java == null) {
            try {
                Path classes = Path.of(TaskRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path target = ROOT.resolve(PACKAGE);
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(classes.resolve(PACKAGE))) {
                    for (Path file : files.toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
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
