package dev.kfn.gateway.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The event API Gateway gives a WebSocket route's Lambda function ({@code APIGatewayV2WebSocketEvent}): on
 * {@code $connect} the handshake's headers and query string, on a message its body (base64 for a binary one), on
 * {@code $disconnect} the close status and reason; {@code requestContext} always.
 */
public final class WebSocketEvent {

    /** What every event of one connection shares. */
    public record Origin(
            String connectionId,
            Instant connectedAt,
            String domainName,
            String stage,
            String apiId,
            String sourceIp,
            Optional<String> userAgent) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private WebSocketEvent() {}

    public static byte[] connect(
            Origin origin,
            String requestId,
            List<Map.Entry<String, String>> headers,
            Map<String, List<String>> query,
            Instant now) {
        ObjectNode event = JSON.createObjectNode();
        Map<String, List<String>> byName = new LinkedHashMap<>();
        headers.forEach(h -> byName.computeIfAbsent(h.getKey(), k -> new java.util.ArrayList<>())
                .add(h.getValue()));
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        byName.forEach((name, values) -> {
            single.put(name, String.join(",", values));
            ArrayNode all = multi.putArray(name);
            values.forEach(all::add);
        });
        if (!query.isEmpty()) {
            ObjectNode singleQuery = event.putObject("queryStringParameters");
            ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                singleQuery.put(name, String.join(",", values));
                ArrayNode all = multiQuery.putArray(name);
                values.forEach(all::add);
            });
        }
        context(event, origin, dev.kfn.api.websocket.WebSocketApi.CONNECT, "CONNECT", requestId, now);
        event.put("isBase64Encoded", false);
        return bytes(event);
    }

    public static byte[] message(
            Origin origin,
            String routeKey,
            String requestId,
            String messageId,
            byte[] body,
            boolean text,
            Instant now) {
        ObjectNode event = JSON.createObjectNode();
        context(event, origin, routeKey, "MESSAGE", requestId, now).put("messageId", messageId);
        event.put(
                "body",
                text
                        ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", !text);
        return bytes(event);
    }

    public static byte[] disconnect(Origin origin, String requestId, int statusCode, String reason, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode headers = event.putObject("headers");
        headers.put("Host", origin.domainName());
        ObjectNode multi = event.putObject("multiValueHeaders");
        multi.putArray("Host").add(origin.domainName());
        context(event, origin, dev.kfn.api.websocket.WebSocketApi.DISCONNECT, "DISCONNECT", requestId, now)
                .put("disconnectStatusCode", statusCode)
                .put("disconnectReason", reason);
        event.put("isBase64Encoded", false);
        return bytes(event);
    }

    private static ObjectNode context(
            ObjectNode event, Origin origin, String routeKey, String eventType, String requestId, Instant now) {
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("messageDirection", "IN");
        context.put("stage", origin.stage());
        context.put("connectedAt", origin.connectedAt().toEpochMilli());
        context.put("requestTimeEpoch", now.toEpochMilli());
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", origin.sourceIp());
        origin.userAgent().ifPresent(agent -> identity.put("userAgent", agent));
        context.put("requestId", requestId);
        context.put("domainName", origin.domainName());
        context.put("connectionId", origin.connectionId());
        context.put("apiId", origin.apiId());
        return context;
    }

    private static byte[] bytes(ObjectNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
