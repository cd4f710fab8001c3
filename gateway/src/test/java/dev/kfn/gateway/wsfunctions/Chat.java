package dev.kfn.gateway.wsfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * A WebSocket chat backend as written for API Gateway: the typed event in, pushes through the connection API with
 * the AWS SDK's ApiGatewayManagementApiClient at {@code https://<domainName>/<stage>} (http here). Every event it
 * reads is appended, as Lambda's Java runtime parsed it, to the file {@code EVENTS_FILE} names.
 */
public class Chat implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ApiGatewayManagementApiClient> CLIENTS = new ConcurrentHashMap<>();

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        record(event);
        APIGatewayV2WebSocketEvent.RequestContext request = event.getRequestContext();
        switch (request.getRouteKey()) {
            case "$connect" -> {
                Map<String, String> query = event.getQueryStringParameters();
                return answer(query != null && query.containsKey("refuse") ? 403 : 200, null);
            }
            case "sendMessage" -> {
                String data = read(event.getBody()).get("data").toString();
                try (ApiGatewayManagementApiClient connections = ApiGatewayManagementApiClient.builder()
                        .endpointOverride(URI.create("http://" + request.getDomainName() + "/" + request.getStage()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
                    connections.postToConnection(b ->
                            b.connectionId(request.getConnectionId()).data(SdkBytes.fromUtf8String("echo:" + data)));
                }
                return answer(200, null);
            }
            case "$default" -> {
                return answer(
                        200,
                        "whoami".equals(event.getBody()) ? request.getConnectionId() : "default:" + event.getBody());
            }
            default -> {
                return answer(200, null);
            }
        }
    }

    /** As a Lambda function keeps its SDK clients: built once per endpoint, reused by every invocation. */
    private static ApiGatewayManagementApiClient connections(String endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static APIGatewayV2WebSocketResponse answer(int status, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setBody(body);
        return response;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void record(APIGatewayV2WebSocketEvent event) {
        try {
            Files.writeString(
                    Path.of(System.getenv("EVENTS_FILE")),
                    JSON.writeValueAsString(event) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
