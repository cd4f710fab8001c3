package dev.kfn.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.gateway.LambdaError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An HTTP API's answer, as API Gateway makes it from a function's payload 2.0 response: a JSON object with
 * {@code statusCode} is the response ({@code headers}, {@code multiValueHeaders}, each of {@code cookies} as a
 * {@code set-cookie}, {@code body}, base64 when {@code isBase64Encoded}); any other value is a 200
 * {@code application/json} body (a JSON string gives its text). API Gateway's own answers carry {@code {"message"}}.
 */
public record HttpApiResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public static final String SANDBOX_TIMED_OUT = "Sandbox.Timedout";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "content-type";
    private static final String APPLICATION_JSON = "application/json";

    public static HttpApiResponse notFound() {
        return message(404, "Not Found");
    }

    public static HttpApiResponse tooLarge() {
        return message(413, "Request Entity Too Large");
    }

    public static HttpApiResponse internalError() {
        return message(500, "Internal Server Error");
    }

    public static HttpApiResponse timedOut() {
        return message(504, "Endpoint request timed out");
    }

    public static HttpApiResponse unavailable() {
        return message(503, "Service Unavailable");
    }

    /** A preflight answered by the gateway itself. */
    public static HttpApiResponse preflight(List<Map.Entry<String, String>> corsHeaders) {
        return new HttpApiResponse(204, corsHeaders, new byte[0]);
    }

    public static HttpApiResponse message(int status, String message) {
        byte[] body = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        return new HttpApiResponse(status, List.of(Map.entry(CONTENT_TYPE, APPLICATION_JSON)), body);
    }

    /** The answer to a call the gateway could not complete, in API Gateway's words. */
    public static HttpApiResponse of(LambdaError error) {
        return switch (error.status()) {
            case 401 -> message(401, "Unauthorized");
            case 403 -> message(403, "Forbidden");
            case 404 -> notFound();
            case 413 -> tooLarge();
            case 429 -> message(429, "Too Many Requests");
            case 503 -> unavailable();
            case 504 -> timedOut();
            default -> internalError();
        };
    }

    /** A function that failed: 504 when it overran its timeout, 500 otherwise, as API Gateway answers a failed integration. */
    public static HttpApiResponse ofFunctionError(byte[] errorJson) {
        return parse(errorJson)
                        .map(error -> error.path("errorType").asText())
                        .filter(SANDBOX_TIMED_OUT::equals)
                        .isPresent()
                ? timedOut()
                : internalError();
    }

    /** The function's answer; 500 when it claims to be a response ({@code statusCode}) but is not a valid one. */
    public static HttpApiResponse ofReply(byte[] reply) {
        Optional<JsonNode> value = parse(reply);
        if (value.isEmpty() || !value.get().isObject() || !value.get().has("statusCode")) {
            byte[] body = value.filter(JsonNode::isTextual)
                    .map(text -> text.asText().getBytes(StandardCharsets.UTF_8))
                    .orElse(reply);
            return new HttpApiResponse(200, List.of(Map.entry(CONTENT_TYPE, APPLICATION_JSON)), body);
        }
        JsonNode response = value.get();
        JsonNode status = response.get("statusCode");
        if (!status.isIntegralNumber() || !status.canConvertToInt() || status.asInt() < 100 || status.asInt() > 599) {
            return internalError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.path("headers")
                .fields()
                .forEachRemaining(
                        h -> headers.add(Map.entry(h.getKey(), h.getValue().asText())));
        response.path("multiValueHeaders")
                .fields()
                .forEachRemaining(h -> h.getValue().forEach(v -> headers.add(Map.entry(h.getKey(), v.asText()))));
        response.path("cookies").forEach(cookie -> headers.add(Map.entry("set-cookie", cookie.asText())));
        byte[] body;
        JsonNode text = response.path("body");
        if (response.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = Base64.getDecoder().decode(text.asText(""));
            } catch (IllegalArgumentException e) {
                return internalError();
            }
        } else {
            body = text.isMissingNode() || text.isNull()
                    ? new byte[0]
                    : text.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpApiResponse(status.asInt(), List.copyOf(headers), body);
    }

    private static Optional<JsonNode> parse(byte[] json) {
        try {
            return Optional.ofNullable(JSON.readTree(json));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public HttpApiResponse withHeader(String name, String value) {
        return withHeaders(List.of(Map.entry(name, value)), header -> false);
    }

    /** The same answer with these headers added, and any of the function's own that the gateway replaces dropped. */
    public HttpApiResponse withHeaders(List<Map.Entry<String, String>> added, Predicate<String> replaced) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        headers.stream().filter(h -> !replaced.test(h.getKey())).forEach(all::add);
        all.addAll(added);
        return new HttpApiResponse(status, List.copyOf(all), body);
    }
}
