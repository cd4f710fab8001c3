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
import java.util.Map;
import java.util.Properties;

/**
 * Reads a clusterEvent as EventBridge's generic {@link ScheduledEvent} and leaves what it read in EFFECTS_DIR, one
 * properties file per object, named by the object's name (written whole, then moved in place, so a reader never
 * sees half of it).
 */
public class ClusterWatcher implements RequestHandler<ScheduledEvent, String> {

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        Map<String, Object> detail = event.getDetail();
        Map<?, ?> object = (Map<?, ?>) detail.get("object");
        Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
        String name = String.valueOf(metadata.get("name"));
        Properties seen = new Properties();
        seen.setProperty("id", event.getId());
        seen.setProperty("detail-type", event.getDetailType());
        seen.setProperty("source", event.getSource());
        seen.setProperty("account", event.getAccount());
        seen.setProperty("time", String.valueOf(event.getTime()));
        seen.setProperty("resources", String.join(",", event.getResources()));
        seen.setProperty("eventType", String.valueOf(detail.get("eventType")));
        seen.setProperty("kind", String.valueOf(object.get("kind")));
        seen.setProperty("name", name);
        Path effects = Path.of(System.getenv("EFFECTS_DIR"));
        Path partial = effects.resolve(name + ".partial");
        try {
            try (Writer out = Files.newBufferedWriter(partial)) {
                seen.store(out, null);
            }
            Files.move(partial, effects.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }
}
