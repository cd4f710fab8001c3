package dev.kfn.testfunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ends the host process in the middle of an invocation, as a poison event does: appends the event's id to
 * {@code <dir>/started}, then halts, runs out of memory, or calls {@code System.exit}.
 */
public class Crash {

    public String halt(Map<String, Object> event) throws IOException {
        started(event);
        Runtime.getRuntime().halt(137);
        return "never";
    }

    /** The host runs with -XX:+ExitOnOutOfMemoryError, as every pod does: the JVM ends at once. */
    public String oom(Map<String, Object> event) throws IOException {
        started(event);
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    public String exit(Map<String, Object> event) throws IOException {
        started(event);
        System.exit(3);
        return "never";
    }

    private static void started(Map<String, Object> event) throws IOException {
        Path dir = Path.of((String) event.get("dir"));
        Files.writeString(
                dir.resolve("started"), event.get("id") + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
