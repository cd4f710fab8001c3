package dev.kfn.local.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packages the compiled test handlers (package e2e.handlers) as a function jar, as a user's build would. */
final class HandlerJar {

    private HandlerJar() {
    }

    static Path build(Path target) throws IOException {
        Path classes = Path.of("target/test-classes");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve("e2e/handlers"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out)) {
            for (Path file : files) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
        return target;
    }
}
