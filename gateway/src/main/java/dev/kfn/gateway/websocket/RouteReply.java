package dev.kfn.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a route's answer sends back on the connection, as API Gateway's two-way routes with a Lambda proxy
 * integration: the {@code body} of a {@code {statusCode, body}} answer (base64-decoded when
 * {@code isBase64Encoded}); an answer without a {@code body} sends nothing.
 */
final class RouteReply {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteReply() {}

    static Optional<byte[]> of(byte[] reply) {
        JsonNode answer;
        try {
            answer = JSON.readTree(reply);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (answer == null || !answer.isObject() || !answer.hasNonNull("body")) {
            return Optional.empty();
        }
        String body = answer.get("body").asText();
        if (answer.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Optional.of(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(body.getBytes(StandardCharsets.UTF_8));
    }

    /** What API Gateway sends a client whose message could not be handled. */
    static String error(String message, String connectionId, String requestId) {
        return JSON.createObjectNode()
                .put("message", message)
                .put("connectionId", connectionId)
                .put("requestId", requestId)
                .toString();
    }
}
