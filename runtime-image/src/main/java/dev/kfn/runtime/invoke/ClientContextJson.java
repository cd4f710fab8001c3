package dev.kfn.runtime.invoke;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * A caller's client context (Lambda's {@code X-Amz-Client-Context}: base64 JSON) read the way callers really write
 * it: {@code echo '{…}' | base64} leaves a newline inside the JSON, wraps long output at 76 columns and ends with a
 * newline. The JSON comes back on one ASCII line, so that it fits an HTTP header as it is.
 */
public final class ClientContextJson {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private ClientContextJson() {}

    /** The JSON object, compact; empty when it is not base64 of a JSON object. */
    public static Optional<JsonNode> read(String base64) {
        try {
            JsonNode json = JSON.readTree(Base64.getMimeDecoder().decode(base64.strip()));
            return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The JSON on one line of printable ASCII; empty when unreadable. */
    public static Optional<String> oneLine(String base64) {
        return read(base64).map(json -> {
            try {
                return JSON.writeValueAsString(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
