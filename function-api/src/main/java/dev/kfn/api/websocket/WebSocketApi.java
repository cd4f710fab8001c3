package dev.kfn.api.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.Function;
import dev.kfn.api.WebSocketTrigger;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One WebSocket API as served: its Function, the trigger declaring it and the field naming it in the spec. The
 * Function is the integration of every route, so {@code $connect}, {@code $disconnect} and {@code $default} always
 * reach it besides the named routes.
 */
public record WebSocketApi(
        Function function, WebSocketTrigger trigger, String path, List<String> routes, String field) {

    public static final String CONNECT = "$connect";
    public static final String DISCONNECT = "$disconnect";
    public static final String DEFAULT = "$default";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code <field>} of {@code $request.body.<field>}: dots walk into nested objects, as API Gateway reads them. */
    public List<String> selectionField() {
        String expression =
                Optional.ofNullable(trigger.getRouteSelection()).orElse(WebSocketTrigger.DEFAULT_ROUTE_SELECTION);
        return List.of(expression.substring("$request.body.".length()).split("\\."));
    }

    /**
     * The route key of a message: the named route its selection field holds, else {@code $default} (a message that
     * is not JSON, is binary, lacks the field or names an undeclared route).
     */
    public String routeOf(byte[] message, boolean text) {
        if (!text) {
            return DEFAULT;
        }
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (IOException e) {
            return DEFAULT;
        }
        for (String step : selectionField()) {
            if (node == null || !node.isObject()) {
                return DEFAULT;
            }
            node = node.get(step);
        }
        return node != null && node.isTextual() && routes.contains(node.asText()) ? node.asText() : DEFAULT;
    }
}
