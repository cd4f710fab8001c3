package e2e.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A scheduled function as it is written for Lambda: reads its {@link ScheduledEvent} and leaves what it read in
 * EFFECTS_DIR as the properties file {@code fired} (written whole, then moved in place, so a reader never sees half
 * of it).
 */
public class ScheduleRecorder implements RequestHandler<ScheduledEvent, String> {

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        Properties seen = new Properties();
        seen.setProperty("id", event.getId());
        seen.setProperty("detail-type", event.getDetailType());
        seen.setProperty("source", event.getSource());
        seen.setProperty("account", event.getAccount());
        seen.setProperty("time", String.valueOf(event.getTime()));
        seen.setProperty("resources", String.join(",", event.getResources()));
        Path effects = Path.of(System.getenv("EFFECTS_DIR"));
        Path partial = effects.resolve("fired.partial");
        try {
            try (Writer out = Files.newBufferedWriter(partial)) {
                seen.store(out, null);
            }
            Files.move(partial, effects.resolve("fired"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "fired " + event.getId();
    }
}
