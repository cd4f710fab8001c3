package e2e.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Leaves one file per invocation id in EFFECTS_DIR, after sleeping {@code sleepMs}: the test counts
 * effects to prove that nothing was lost, and a second run of one id leaves a {@code .twice} file.
 */
public class Record implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String id = String.valueOf(event.get("id"));
        long sleepMs = event.get("sleepMs") instanceof Number n ? n.longValue() : 0;
        try {
            Thread.sleep(sleepMs);
            Path effects = Path.of(System.getenv("EFFECTS_DIR"));
            try {
                Files.writeString(
                        Files.createFile(effects.resolve(id)),
                        ProcessHandle.current().pid() + "\n");
            } catch (FileAlreadyExistsException e) {
                Files.writeString(
                        effects.resolve(id + ".twice"), ProcessHandle.current().pid() + "\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("id", id, "pid", ProcessHandle.current().pid());
    }
}
