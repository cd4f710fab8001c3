package dev.kfn.runtime.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * An error JSON as a dead letter's {@code kfn-error} header. AMQP carries every header in one frame (128 KiB by
 * default), and a publish whose headers do not fit fails in the client before it is sent; so an error over
 * {@link #MAX_BYTES} is cut to Lambda's shape with a shorter message and trace, still valid JSON, saying that it was
 * cut and how long it was. The whole error stays in the {@code onFailure} record, whose body has no such bound.
 */
final class ErrorHeader {

    static final int MAX_BYTES = 32 * 1024;
    private static final int MESSAGE_CHARS = 8_000;
    private static final int FRAMES = 20;
    private static final int FRAME_CHARS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorHeader() {}

    static String of(Outcome outcome) {
        byte[] json = outcome.payload();
        if (json.length <= MAX_BYTES) {
            return outcome.payloadText();
        }
        JsonNode error = parse(json);
        ObjectNode cut = JSON.createObjectNode();
        String message = error.path("errorMessage").isTextual()
                ? error.get("errorMessage").asText()
                : outcome.payloadText();
        cut.put(
                "errorMessage",
                shorten(message, MESSAGE_CHARS) + " [cut to fit a header: the error was " + json.length + " bytes]");
        cut.put("errorType", error.path("errorType").asText(outcome.errorType()));
        if (error.path("stackTrace").isArray()) {
            ArrayNode frames = cut.putArray("stackTrace");
            for (int i = 0; i < Math.min(FRAMES, error.get("stackTrace").size()); i++) {
                frames.add(shorten(error.get("stackTrace").get(i).asText(), FRAME_CHARS));
            }
        }
        return cut.toString();
    }

    private static JsonNode parse(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String shorten(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars) + "…";
    }
}
