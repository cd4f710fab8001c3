package dev.kfn.gateway.httpfunctions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** Answers with plain values, no statusCode: API Gateway makes them 200 JSON bodies. */
public class PlainValues {

    public Object handle(APIGatewayV2HTTPEvent event) {
        if (event.getRouteKey().equals("GET /text")) {
            return "plain text";
        }
        return Map.of("plain", true, "routeKey", event.getRouteKey(), "function", "plain");
    }
}
