package dev.kfn.gateway.topic;

import dev.kfn.api.topic.MessageAttribute;
import java.util.Map;
import java.util.Optional;

/** One message to publish to a topic, as either publish API delivered it. */
public record PublishRequest(
        String namespace,
        String topic,
        String message,
        Optional<String> subject,
        Map<String, MessageAttribute> attributes) {}
