package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * An HTTP API handler that reads the payload 2.0 event as a map (aws-lambda-java-events' APIGatewayV2HTTPEvent
 * reads the same JSON) and answers with the 2.0 response shape. Its function URL's requests are all {@code $default},
 * as a Lambda function URL's are: that answer names the method and path it was sent.
 */
public class Todos implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String routeKey = (String) event.get("routeKey");
        Map<String, Object> path = (Map<String, Object>) event.getOrDefault("pathParameters", Map.of());
        return switch (routeKey) {
            case "GET /todos/{id}" -> response(200, "{\"id\":\"" + path.get("id") + "\",\"title\":\"tea\"}");
            case "POST /todos" -> response(201, String.valueOf(event.get("body")));
            default ->
                response(
                        200,
                        "{\"routeKey\":\"$default\",\"method\":\"" + http(event).get("method") + "\",\"rawPath\":\""
                                + event.get("rawPath") + "\"}");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> http(Map<String, Object> event) {
        Map<String, Object> context = (Map<String, Object>) event.getOrDefault("requestContext", Map.of());
        return (Map<String, Object>) context.getOrDefault("http", Map.of());
    }

    private static Map<String, Object> response(int status, String body) {
        return Map.of("statusCode", status, "headers", Map.of("content-type", "application/json"), "body", body);
    }
}
