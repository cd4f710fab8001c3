package dev.kfn.testfunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Lets a test see and hold an invocation from outside the host process: each run appends its id to
 * {@code <dir>/started}, then waits until {@code <dir>/open} exists.
 */
public class Gate {

    public String pass(Map<String, Object> event) throws IOException, InterruptedException {
        Path dir = Path.of((String) event.get("dir"));
        String id = (String) event.get("id");
        Files.writeString(dir.resolve("started"), id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        while (!Files.exists(dir.resolve("open"))) {
            Thread.sleep(20);
        }
        return id;
    }
}
