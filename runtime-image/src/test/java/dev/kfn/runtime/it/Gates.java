package dev.kfn.runtime.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The test side of {@code dev.kfn.testfunctions.Gate}: what started, and opening the gate. */
public final class Gates {

    private final Path dir;

    public Gates() throws IOException {
        Files.createDirectories(Path.of("target", "gates"));
        dir = Files.createTempDirectory(Path.of("target", "gates"), "gate-").toAbsolutePath();
    }

    public String event(String id) {
        return "{\"dir\":\"" + dir + "\",\"id\":\"" + id + "\"}";
    }

    public List<String> started() throws IOException {
        Path started = dir.resolve("started");
        return Files.exists(started) ? Files.readAllLines(started) : List.of();
    }

    public void open() throws IOException {
        Files.createFile(dir.resolve("open"));
    }
}
