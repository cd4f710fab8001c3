package dev.kfn.testfunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Leaves a trace of every run outside the host, so a test can count effects: appends the event's id to
 * {@code <dir>/started}, works {@code millis} (or, for an event that names a {@code gate} file, until that file exists),
 * then appends it to {@code <dir>/ran}.
 */
public class Recorder {

    public String record(Map<String, Object> event) throws IOException, InterruptedException {
        Path dir = Path.of((String) event.get("dir"));
        String id = (String) event.get("id");
        Files.writeString(dir.resolve("started"), id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Object gate = event.get("gate");
        if (gate == null) {
            Thread.sleep(((Number) event.getOrDefault("millis", 0)).longValue());
        } else {
            while (!Files.exists(Path.of((String) gate))) {
                Thread.sleep(20);
            }
        }
        Files.writeString(dir.resolve("ran"), id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return id;
    }
}
