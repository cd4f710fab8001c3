package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WebSocket chat room: {@code sendMessage} pushes {@code data} to every connection this instance has seen through
 * the connection API ({@code POST <domainName>/<stage>/@connections/<id>}, what the AWS SDK's
 * ApiGatewayManagementApiClient sends), and {@code $default} answers the sender alone. The room lives in the
 * instance's memory, so it spans one instance: a real backend keeps connection ids in a table.
 */
public class Chat implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Set<String> ROOM = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> request = (Map<String, Object>) event.get("requestContext");
        String connectionId = (String) request.get("connectionId");
        switch ((String) request.get("routeKey")) {
            case "$connect" -> ROOM.add(connectionId);
            case "$disconnect" -> ROOM.remove(connectionId);
            case "sendMessage" -> {
                String body = String.valueOf(event.get("body"));
                String endpoint = "http://" + request.get("domainName") + "/" + request.get("stage") + "/@connections/";
                for (String member : Set.copyOf(ROOM)) {
                    if (post(endpoint + member, connectionId + ": " + data(body)) == 410) {
                        ROOM.remove(member);
                    }
                }
            }
            default -> {
                return Map.of("statusCode", 200, "body", "use {\"action\":\"sendMessage\",\"data\":\"…\"}");
            }
        }
        return Map.of("statusCode", 200);
    }

    /** The {@code data} string of {@code {"action":"sendMessage","data":"…"}}, without a JSON library. */
    private static String data(String body) {
        int key = body.indexOf("\"data\"");
        int start = key < 0 ? -1 : body.indexOf('"', body.indexOf(':', key) + 1);
        int end = start < 0 ? -1 : body.indexOf('"', start + 1);
        return end < 0 ? body : body.substring(start + 1, end);
    }

    private static int post(String url, String data) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .POST(HttpRequest.BodyPublishers.ofString(data))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            return 410;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 410;
        }
    }
}
