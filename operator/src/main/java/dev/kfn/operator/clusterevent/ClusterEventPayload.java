package dev.kfn.operator.clusterevent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a cluster event delivers: EventBridge's envelope ({@code com.amazonaws.services.lambda.runtime.events.ScheduledEvent}
 * reads it), with {@code source} "kfn.kubernetes", {@code detail-type} "&lt;Kind&gt; State Change" ("Kubernetes
 * Event" for core Events), the object's namespace as {@code account} (as in kfn's ARNs), its API path in
 * {@code resources}, and the change in {@code detail}. The id is the same for the same change of the same object,
 * so a handler can drop a change delivered twice. Pure.
 */
public final class ClusterEventPayload {

    public static final String SOURCE = "kfn.kubernetes";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterEventPayload() {}

    /** The change's id: the object's uid, its resourceVersion after the change, and the change's type. */
    public static String id(String eventType, GenericKubernetesResource object) {
        String key = object.getMetadata().getUid() + "/" + object.getMetadata().getResourceVersion() + "/" + eventType;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param oldObject for a MODIFIED, the object before the change, when the watch saw it before
     * @param path the object's API path, e.g. /api/v1/namespaces/shop/pods/web-1
     * @param now when the operator saw the change; the API server's watch says no time
     */
    public static byte[] of(
            WatchKey watch,
            String eventType,
            GenericKubernetesResource object,
            Optional<GenericKubernetesResource> oldObject,
            String path,
            String region,
            Instant now) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", id(eventType, object))
                .put("detail-type", watch.coreEvent() ? "Kubernetes Event" : watch.kind() + " State Change")
                .put("source", SOURCE)
                .put("account", watch.namespace())
                .put("time", now.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        event.putArray("resources").add(path);
        ObjectNode detail = event.putObject("detail").put("eventType", eventType);
        if (watch.coreEvent()) {
            Map<String, Object> fields = object.getAdditionalProperties();
            detail.put("reason", ClusterEventFilter.field(object, "reason"))
                    .put("type", ClusterEventFilter.field(object, "type"))
                    .put("message", ClusterEventFilter.field(object, "message"));
            detail.set("involvedObject", JSON.valueToTree(fields.get("involvedObject")));
        }
        detail.set("object", JSON.valueToTree(object));
        oldObject.ifPresent(old -> detail.set("oldObject", JSON.valueToTree(old)));
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object read from JSON writes back", e);
        }
    }
}
