package dev.kfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFetcherTest {

    private static Path zip(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    @Test
    void unpacksAJarIntoLambdasLayoutAndMakesTheBootstrapExecutable(@TempDir Path dir) throws Exception {
        Path archive = zip(
                dir.resolve("function.zip"),
                Map.of("bootstrap", "#!/bin/sh\n", "com/example/Fn.class", "x", "lib/dep.jar", "y"));
        Path taskRoot = dir.resolve("task");

        CodeFetcher.fetch(archive.toUri(), taskRoot);

        assertThat(taskRoot.resolve("com/example/Fn.class")).hasContent("x");
        assertThat(taskRoot.resolve("lib/dep.jar")).hasContent("y");
        assertThat(Files.isExecutable(taskRoot.resolve("bootstrap"))).isTrue();
    }

    @Test
    void refusesEntriesThatEscapeTheTaskRoot(@TempDir Path dir) throws Exception {
        Path archive = zip(dir.resolve("evil.zip"), Map.of("../escaped", "x"));
        assertThatThrownBy(() -> CodeFetcher.fetch(archive.toUri(), dir.resolve("task")))
                .hasMessageContaining("outside the task root");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }
}
