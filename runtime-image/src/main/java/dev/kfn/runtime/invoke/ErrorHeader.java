package dev.kfn.runtime.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error JSON as a dead letter's {@code kfn-error} header. AMQP carries every header in one frame (128 KiB by
 * default), and a publish whose headers do not fit fails in the client before it is sent; so an error over
 * {@link #MAX_BYTES} is cut to Lambda's shape with a shorter type, message and trace, still valid JSON of at most
 * that many bytes, saying that it was cut and how long it was. The whole error stays in the {@code onFailure} record, whose body has no such bound.
 */
final class ErrorHeader {

    static final int MAX_BYTES = 32 * 1024;
    private static final int MESSAGE_CHARS = 8_000;
    private static final int TYPE_CHARS = 256;
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
        String message = error.path("errorMessage").isTextual()
                ? error.get("errorMessage").asText()
                : outcome.payloadText();
        String type = shorten(error.path("errorType").asText(outcome.errorType()), TYPE_CHARS);
        JsonNode trace = error.path("stackTrace");
        // a character can take up to six bytes as JSON (a control character): halve until the bytes fit
        for (int chars = MESSAGE_CHARS, frames = FRAMES; ; chars /= 2, frames /= 2) {
            String cut = cut(type, shorten(message, chars), trace, frames, json.length);
            if (cut.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES || chars == 0) {
                return cut;
            }
        }
    }

    private static String cut(String type, String message, JsonNode trace, int frames, int originalBytes) {
        ObjectNode cut = JSON.createObjectNode();
        cut.put("errorMessage", message + " [cut to fit a header: the error was " + originalBytes + " bytes]");
        cut.put("errorType", type);
        if (trace.isArray()) {
            ArrayNode kept = cut.putArray("stackTrace");
            for (int i = 0; i < Math.min(frames, trace.size()); i++) {
                kept.add(shorten(trace.get(i).asText(), FRAME_CHARS));
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

    /** Never splits a surrogate pair, which would not be valid UTF-8. */
    private static String shorten(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        int end = chars > 0 && Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars;
        return text.substring(0, end) + "…";
    }
}
