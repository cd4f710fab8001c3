package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.Trigger;
import dev.kfn.api.WebSocketTrigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.websocket.ConnectionId;
import dev.kfn.gateway.websocket.ConnectionRelay;
import dev.kfn.gateway.websocket.LocalConnections;
import dev.kfn.gateway.websocket.WebSocketApiHandler;
import dev.kfn.gateway.websocket.WebSocketApis;
import dev.kfn.gateway.websocket.WebSocketConfig;
import dev.kfn.gateway.wsfunctions.Chat;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * WebSocket APIs end to end: the gateway in Quarkus, the Function in the mock API server, the real RabbitMQ, a real
 * runtime host running {@link Chat} (the typed APIGatewayV2WebSocketEvent in, pushes through the AWS SDK's
 * ApiGatewayManagementApiClient), and a JDK WebSocket client. A second replica — its own HTTP server, connections and
 * broker queue, sharing this gateway's invoker — holds a connection that the first one's connection API reaches.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient client;

    @Inject
    Vertx vertx;

    @Inject
    WebSocketApis apis;

    @Inject
    FunctionCatalog catalog;

    @Inject
    Invoker invoker;

    @Inject
    Authorizer authorizer;

    @Inject
    GatewayConfig config;

    @Inject
    WebSocketConfig limits;

    private TestTopology topology;
    private Gateway gateway;
    private HostProcess host;
    private Path events;
    private String ns;
    private ConnectionRelay otherRelay;
    private HttpServer otherServer;

    @BeforeAll
    void start() throws Exception {
        topology = new TestTopology("ws");
        ns = topology.namespace;
        gateway = new Gateway();
        FunctionId chat = topology.function("chat");
        WebSocketTrigger websocket = new WebSocketTrigger();
        websocket.setPath("/chat");
        websocket.setRoutes(List.of("sendMessage"));
        Trigger trigger = new Trigger();
        trigger.setWebsocket(websocket);
        TestFunctions.create(client, TestFunctions.java(chat, spec -> {
            spec.setHandler(Chat.class.getName());
            spec.setTimeout("10s");
            spec.setTriggers(List.of(trigger));
        }));
        events = Files.createTempFile("ws-events-", ".jsonl");
        host = new HostProcess(chat, Chat.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env(HostEnvironment.CONCURRENCY, 4)
                .env(HostEnvironment.TIMEOUT_MILLIS, 10_000)
                .env("EVENTS_FILE", events)
                .start();
        host.awaitReady();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            Client probe = connect(gateway.base().getPort(), "");
            probe.socket.sendClose(1000, "").join();
            return true;
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (otherRelay != null) {
            otherRelay.close();
            otherServer.close().toCompletionStage().toCompletableFuture().join();
        }
        host.close();
        TestFunctions.deleteAll(client, ns, Duration.ofSeconds(10));
        topology.close();
    }

    /** The handler's package with the event classes, Jackson, and the whole AWS SDK client it calls. */
    private static Path handlers() {
        List<Path> jars = new ArrayList<>();
        Path sdk = TaskRoots.location(ApiGatewayManagementApiClient.class)
                .getParent()
                .getParent()
                .getParent();
        String version = TaskRoots.location(ApiGatewayManagementApiClient.class)
                .getParent()
                .getFileName()
                .toString();
        try (Stream<Path> modules = Files.list(sdk)) {
            modules.map(module -> module.resolve(version).resolve(module.getFileName() + "-" + version + ".jar"))
                    .filter(Files::exists)
                    .forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stream.of(
                        APIGatewayV2WebSocketEvent.class,
                        ObjectMapper.class,
                        JsonFactory.class,
                        JsonAutoDetect.class,
                        org.reactivestreams.Publisher.class,
                        org.slf4j.Logger.class)
                .map(TaskRoots::location)
                .forEach(jars::add);
        return TaskRoots.java(Chat.class, jars);
    }

    @Test
    void aMessageToANamedRouteIsPushedBackThroughTheConnectionApi() throws Exception {
        Client chat = connect(gateway.base().getPort(), "?room=lobby&room=2");

        chat.socket
                .sendText("{\"action\":\"sendMessage\",\"data\":\"hello\"}", true)
                .join();

        chat.awaitMessage("echo:hello");
        JsonNode connect = event("CONNECT", chat.id);
        assertThat(connect.at("/requestContext/routeKey").asText()).isEqualTo("$connect");
        assertThat(connect.at("/requestContext/stage").asText()).isEqualTo(ns);
        assertThat(connect.at("/requestContext/domainName").asText())
                .isEqualTo("localhost:" + gateway.base().getPort());
        assertThat(connect.at("/requestContext/connectedAt").asLong()).isPositive();
        assertThat(connect.at("/requestContext/apiId").asText()).hasSize(10);
        assertThat(connect.at("/queryStringParameters/room").asText()).isEqualTo("lobby,2");
        assertThat(connect.at("/multiValueQueryStringParameters/room"))
                .extracting(JsonNode::asText)
                .containsExactly("lobby", "2");
        assertThat(connect.at("/headers/X-Client").asText()).isEqualTo("kfn-test");
        JsonNode message = events().stream()
                .filter(e -> e.at("/requestContext/routeKey").asText().equals("sendMessage"))
                .filter(e -> e.at("/requestContext/connectionId").asText().equals(chat.id))
                .findFirst()
                .orElseThrow();
        assertThat(message.at("/requestContext/eventType").asText()).isEqualTo("MESSAGE");
        assertThat(message.at("/requestContext/messageId").asText()).isNotEmpty();
        assertThat(message.at("/requestContext/requestId").asText()).isNotEmpty();
        assertThat(message.at("/requestContext/connectedAt").asLong())
                .isEqualTo(connect.at("/requestContext/connectedAt").asLong());
        assertThat(message.path("body").asText()).isEqualTo("{\"action\":\"sendMessage\",\"data\":\"hello\"}");
        assertThat(message.path("isBase64Encoded").asBoolean()).isFalse();
        chat.close();
    }

    @Test
    void aMessageOfNoDeclaredRouteGoesToDefaultAndItsAnswerComesBack() throws Exception {
        Client chat = connect(gateway.base().getPort(), "");

        chat.socket.sendText("{\"action\":\"shout\"}", true).join();
        chat.socket.sendText("not json", true).join();

        chat.awaitMessage("default:{\"action\":\"shout\"}");
        chat.awaitMessage("default:not json");
        chat.close();
    }

    @Test
    void aRefusingConnectRefusesTheUpgrade() {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> connect(gateway.base().getPort(), "?refuse=yes"));

        Throwable cause = refused;
        while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a refused handshake, from %s", refused).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) cause).getResponse().statusCode())
                .isEqualTo(403);
    }

    @Test
    void closingInvokesDisconnectAndTheConnectionIsGoneAfterwards() throws Exception {
        Client chat = connect(gateway.base().getPort(), "");
        try (ApiGatewayManagementApiClient connections =
                connections(gateway.base().getPort())) {
            GetConnectionResponse described = connections.getConnection(b -> b.connectionId(chat.id));
            assertThat(described.connectedAt()).isNotNull();
            assertThat(described.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(described.lastActiveAt()).isAfterOrEqualTo(described.connectedAt());

            chat.socket.sendClose(4000, "bye").join();

            // APIGatewayV2WebSocketEvent has no disconnectStatusCode or disconnectReason: WebSocketEventTest shows them
            JsonNode disconnect = event("DISCONNECT", chat.id);
            assertThat(disconnect.at("/requestContext/routeKey").asText()).isEqualTo("$disconnect");
            assertThat(disconnect.at("/requestContext/connectedAt").asLong()).isPositive();
            assertThatThrownBy(() -> connections.postToConnection(
                            b -> b.connectionId(chat.id).data(SdkBytes.fromUtf8String("late"))))
                    .isInstanceOfSatisfying(
                            GoneException.class, e -> assertThat(e.statusCode()).isEqualTo(410));
            assertThatThrownBy(() -> connections.getConnection(b -> b.connectionId("never-minted")))
                    .isInstanceOf(GoneException.class);
        }
    }

    @Test
    void theConnectionApiClosesAConnectionAndRefusesDataOverTheMessageLimit() throws Exception {
        Client chat = connect(gateway.base().getPort(), "");
        try (ApiGatewayManagementApiClient connections =
                connections(gateway.base().getPort())) {
            assertThatThrownBy(() -> connections.postToConnection(b -> b.connectionId(chat.id)
                            .data(SdkBytes.fromByteArray(new byte[limits.maxMessageBytes() + 1]))))
                    .isInstanceOfSatisfying(
                            PayloadTooLargeException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(413));

            connections.deleteConnection(b -> b.connectionId(chat.id));

            assertThat(chat.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(event("DISCONNECT", chat.id)
                            .at("/requestContext/routeKey")
                            .asText())
                    .isEqualTo("$disconnect");
        }
    }

    /** With Vert.x's client, which sends a frame as written (the JDK's splits a long text into frames). */
    @Test
    void aFrameOverTheFrameLimitClosesTheConnectionWith1009() throws Exception {
        io.vertx.core.http.WebSocket socket = vertx.createHttpClient()
                .webSocket(gateway.base().getPort(), "localhost", "/" + ns + "/chat")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        CompletableFuture<String> closed = new CompletableFuture<>();
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode() + " " + socket.closeReason()));

        socket.writeFrame(WebSocketFrame.textFrame("x".repeat(limits.maxFrameBytes() + 1), true));

        assertThat(closed.get(30, TimeUnit.SECONDS))
                .isEqualTo(
                        "1009 Frame of " + (limits.maxFrameBytes() + 1) + " bytes exceeds " + limits.maxFrameBytes());
    }

    @Test
    void framesAddingUpToMoreThanTheMessageLimitCloseTheConnectionWith1009() throws Exception {
        Client chat = connect(gateway.base().getPort(), "");
        String frame = "x".repeat(limits.maxFrameBytes());

        for (int i = 0; i * limits.maxFrameBytes() <= limits.maxMessageBytes(); i++) {
            chat.socket.sendText(frame, false).join();
        }

        assertThat(chat.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1009);
        assertThat(chat.reason).isEqualTo("Message exceeds " + limits.maxMessageBytes() + " bytes");
    }

    @Test
    void aConnectionOnAnotherReplicaIsReachedThroughTheBroker() throws Exception {
        int otherPort = otherReplica();
        Client chat = connect(otherPort, "");
        assertThat(ConnectionId.replicaOf(chat.id)).isPresent();
        try (ApiGatewayManagementApiClient connections =
                connections(gateway.base().getPort())) {
            connections.postToConnection(
                    b -> b.connectionId(chat.id).data(SdkBytes.fromUtf8String("from the first replica")));
            chat.awaitMessage("from the first replica");
            assertThat(connections
                            .getConnection(b -> b.connectionId(chat.id))
                            .identity()
                            .sourceIp())
                    .isEqualTo("127.0.0.1");

            connections.deleteConnection(b -> b.connectionId(chat.id));

            assertThat(chat.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThatThrownBy(() -> connections.getConnection(b -> b.connectionId(chat.id)))
                    .isInstanceOf(GoneException.class);
        }
        try (ApiGatewayManagementApiClient other = connections(otherPort)) {
            assertThatThrownBy(() -> other.getConnection(b -> b.connectionId(chat.id)))
                    .isInstanceOf(GoneException.class);
        }
    }

    /** A second replica on its own port, with its own connections and broker queue; the Invoker is this gateway's. */
    private synchronized int otherReplica() throws Exception {
        if (otherServer == null) {
            LocalConnections local = new LocalConnections(ConnectionId.newReplica(), limits.maxMessageBytes());
            otherRelay = new ConnectionRelay(
                    BrokerSettings.fromConfig(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class))
                            .connectionFactory(),
                    local,
                    limits.relayTimeout());
            WebSocketApiHandler handler =
                    new WebSocketApiHandler(apis, catalog, invoker, authorizer, config, limits, local, otherRelay);
            Router router = Router.router(vertx);
            router.route().handler(handler::handle);
            router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
            otherServer = vertx.createHttpServer()
                    .requestHandler(router)
                    .listen(0)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        return otherServer.actualPort();
    }

    private ApiGatewayManagementApiClient connections(int port) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port + "/" + ns))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            all.add(JSON.readTree(line));
        }
        return all;
    }

    /** The event of this type the handler read for the connection, as Lambda's runtime parsed it. */
    private JsonNode event(String type, String connectionId) {
        return await().atMost(WAIT)
                .until(
                        () -> events().stream()
                                .filter(e -> e.at("/requestContext/eventType")
                                        .asText()
                                        .equals(type))
                                .filter(e -> e.at("/requestContext/connectionId")
                                        .asText()
                                        .equals(connectionId))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private Client connect(int port, String query) throws Exception {
        Client client = new Client();
        try {
            client.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("X-Client", "kfn-test")
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://localhost:" + port + "/" + ns + "/chat" + query), client)
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("connect failed", e);
        }
        client.socket.sendText("whoami", true).join();
        client.id = await().atMost(WAIT)
                .until(() -> client.messages.isEmpty() ? null : client.messages.remove(0), id -> id != null);
        return client;
    }

    /** A JDK WebSocket client keeping what it receives. */
    private static final class Client implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        String id;
        volatile String reason;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            this.reason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void awaitMessage(String expected) {
            await().atMost(WAIT).until(() -> messages.contains(expected));
        }

        void close() {
            socket.sendClose(1000, "done").join();
        }
    }
}
