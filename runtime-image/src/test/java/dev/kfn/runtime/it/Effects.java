package dev.kfn.runtime.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The test side of {@code dev.kfn.testfunctions.Recorder}: which invocations ran to completion, and how often. */
public final class Effects {

    private final Path dir;

    public Effects() throws IOException {
        Files.createDirectories(Path.of("target", "effects"));
        dir = Files.createTempDirectory(Path.of("target", "effects"), "effects-")
                .toAbsolutePath();
    }

    /** An event for the recorder that works {@code millis} before it records {@code id}. */
    public String event(String id, int millis) {
        return "{\"dir\":\"" + dir + "\",\"id\":\"" + id + "\",\"millis\":" + millis + "}";
    }

    /** An event for the recorder that works until {@link #release} opens its gate, then records {@code id}. */
    public String heldEvent(String id) {
        return "{\"dir\":\"" + dir + "\",\"id\":\"" + id + "\",\"gate\":\"" + gate(id) + "\"}";
    }

    /** Lets every run of a {@link #heldEvent} finish, the ones under way and any still to come. */
    public void release(String id) throws IOException {
        Files.createFile(gate(id));
    }

    private Path gate(String id) {
        return dir.resolve("gate-" + id);
    }

    /** Every completed run, in order, repeats included. */
    public List<String> ran() throws IOException {
        return lines("ran");
    }

    public List<String> started() throws IOException {
        return lines("started");
    }

    /** When the latest run started, if one did. */
    public Optional<Instant> lastStarted() throws IOException {
        Path path = dir.resolve("started");
        return Files.exists(path) ? Optional.of(Files.getLastModifiedTime(path).toInstant()) : Optional.empty();
    }

    private List<String> lines(String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? Files.readAllLines(path) : List.of();
    }
}
