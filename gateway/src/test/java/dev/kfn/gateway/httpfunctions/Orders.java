package dev.kfn.gateway.httpfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * A web backend as it is written for Lambda behind an HTTP API: the typed event in, the typed response out. It
 * answers with the event it read (as JSON), so a test sees every field as Lambda's Java runtime parsed it.
 */
public class Orders implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if ("/boom".equals(event.getRawPath())) {
            throw new IllegalStateException("boom");
        }
        switch (event.getRouteKey()) {
            case "GET /slow" -> sleep();
            case "POST /orders" -> {
                return APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(201)
                        .withHeaders(Map.of(
                                "content-type",
                                event.getHeaders().getOrDefault("content-type", "application/octet-stream"),
                                "x-route",
                                event.getRouteKey(),
                                "x-was-base64",
                                Boolean.toString(event.getIsBase64Encoded())))
                        .withMultiValueHeaders(Map.of("x-multi", List.of("a", "b")))
                        .withCookies(List.of("session=abc; Path=/; HttpOnly", "theme=dark"))
                        .withBody(event.getBody())
                        .withIsBase64Encoded(event.getIsBase64Encoded())
                        .build();
            }
            default -> {}
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of(
                        "content-type",
                        "application/json",
                        "x-route",
                        event.getRouteKey(),
                        // the gateway's CORS configuration replaces what a function says
                        "access-control-allow-origin",
                        "https://elsewhere.example"))
                .withBody(json(event))
                .build();
    }

    private static String json(APIGatewayV2HTTPEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
