package dev.kfn.gateway.topic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.topic.MessageAttribute;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of kfn's own publish API, {@code POST /topics/<namespace>/<topic>}: {@code Message}, an optional
 * {@code Subject}, and {@code MessageAttributes} in the shape a handler receives them ({@code {"Type", "Value"}}).
 * kfn's topics are standard topics: {@code MessageGroupId} and {@code MessageDeduplicationId} (FIFO topics only) are
 * refused rather than ignored, as is any other key, so a misspelt one is not lost silently. Pure.
 */
public final class PublishBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("Message", "Subject", "MessageAttributes");

    private PublishBody() {}

    /** @throws TopicException InvalidParameter naming what is wrong */
    public static PublishRequest read(String namespace, String topic, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            throw TopicException.invalidParameter("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw TopicException.invalidParameter("the body could not be read");
        }
        if (json == null || !json.isObject()) {
            throw TopicException.invalidParameter(
                    "the body is a JSON object: {\"Message\": …, \"Subject\": …, \"MessageAttributes\": …}");
        }
        for (String key : (Iterable<String>) json::fieldNames) {
            if (key.equals("MessageGroupId") || key.equals("MessageDeduplicationId")) {
                throw TopicException.invalidParameter(
                        key + ": kfn's topics are standard topics, without FIFO ordering" + " or de-duplication");
            }
            if (!KEYS.contains(key)) {
                throw TopicException.invalidParameter(
                        "unknown key " + key + "; a publish has Message, Subject and" + " MessageAttributes");
            }
        }
        return new PublishRequest(
                namespace,
                topic,
                text(json, "Message").orElse(null),
                text(json, "Subject"),
                attributes(json.get("MessageAttributes")));
    }

    private static Optional<String> text(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw TopicException.invalidParameter(key + " is a string; send a JSON document as its text");
        }
        return Optional.of(value.textValue());
    }

    private static Map<String, MessageAttribute> attributes(JsonNode json) {
        if (json == null || json.isNull()) {
            return Map.of();
        }
        if (!json.isObject()) {
            throw TopicException.invalidParameter("MessageAttributes is an object of {\"Type\": …, \"Value\": …}");
        }
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            JsonNode attribute = entry.getValue();
            JsonNode type = attribute.get("Type");
            JsonNode value = attribute.get("Value");
            if (!attribute.isObject()
                    || type == null
                    || !type.isTextual()
                    || value == null
                    || !value.isTextual()
                    || attribute.size() != 2) {
                throw TopicException.invalidParameter("MessageAttributes." + entry.getKey()
                        + " is {\"Type\": \"String|Number|String.Array|Binary\", \"Value\": \"<text>\"}");
            }
            attributes.put(entry.getKey(), new MessageAttribute(type.textValue(), value.textValue()));
        }
        return attributes;
    }
}
