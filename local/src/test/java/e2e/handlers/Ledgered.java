package e2e.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The fault suite's recording handler: every run first appends one line — time, request id, the caller's payload
 * id, process id — to a file of its process in RECORDS_DIR (one small append, so it survives the process being
 * killed a moment later), then does what the payload's {@code act} says: nothing (echo the id), {@code throw},
 * {@code exit} the process, or {@code spin} on the CPU past any timeout, deaf to interrupts.
 */
public class Ledgered implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String id = String.valueOf(event.get("id"));
        long pid = ProcessHandle.current().pid();
        record(System.currentTimeMillis() + " " + context.getAwsRequestId() + " " + id + " " + pid + "\n", pid);
        switch (String.valueOf(event.get("act"))) {
            case "throw" -> throw new IllegalStateException("refusing " + id + " on every attempt");
            case "exit" -> System.exit(3);
            case "spin" -> spin();
            default -> {}
        }
        return Map.of("id", id, "requestId", context.getAwsRequestId());
    }

    private static void record(String line, long pid) {
        Path file = Path.of(System.getenv("RECORDS_DIR")).resolve(pid + ".runs");
        try {
            Files.write(
                    file,
                    line.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static void spin() {
        long n = 0;
        while (true) {
            n += System.nanoTime() % 7;
            if (n == Long.MIN_VALUE) {
                return;
            }
        }
    }
}
