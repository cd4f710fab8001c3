package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.api.Function;
import dev.kfn.local.LocalPlatform;
import dev.kfn.local.LocalSettings;
import dev.kfn.local.ManifestFolder;
import dev.kfn.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped examples served end to end, as {@code ./kfn local} serves {@code examples/}: the real platform
 * (embedded API, operator, gateway, runtime hosts) on the real RabbitMQ, the manifests applied as a folder by
 * {@link ManifestFolder}, and each example called as its manifest's comment says.
 */
class ExamplesUnderKfnLocalIT {

    private static final Path EXAMPLES = Path.of("").toAbsolutePath();
    private static final Path WORK = EXAMPLES.resolve("target/kfn-local");
    // the examples called here: the folder's others would start instances nothing here calls (warm's provisioned
    // two, heartbeat's first firing), and two cores are shared
    private static final List<String> MANIFESTS =
            List.of("hello.yaml", "http-api.yaml", "clicks.yaml", "websocket-chat.yaml", "queue.yaml");
    private static final List<String> FUNCTIONS = List.of("hello", "todos", "click-counter", "chat", "order-intake");
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();
    private static LocalSettings settings;
    private static LocalPlatform platform;
    private static ManifestFolder folder;
    private static String gateway;

    @BeforeAll
    static void serveTheExamples() throws Exception {
        settings = LocalSettings.from(
                Map.of("KFN_LOCAL_DIR", WORK.toString(), "KFN_GATEWAY_PORT", Integer.toString(FreePorts.next())),
                EXAMPLES.getParent());
        for (String queue : List.of("default.clicks-failed", "default.orders-in", "default.orders-dead")) {
            declareQueue(settings, queue);
        }
        platform = new LocalPlatform(settings);
        platform.start();
        gateway = platform.gatewayUrl()
                .orElseThrow(() -> new IllegalStateException("the gateway is not built (gateway/target/quarkus-app)"));
        folder = new ManifestFolder(served(), platform.api().client(), settings.namespace(), PROBLEMS::add);
        folder.start();
        await().atMost(WITHIN).untilAsserted(() -> assertThat(notReady()).isEmpty());
        assertThat(PROBLEMS).isEmpty();
    }

    @AfterAll
    static void stop() throws IOException {
        if (folder != null) {
            folder.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    /** hello.yaml: a RequestHandler called through Lambda's Invoke API, answering with the name it was given. */
    @Test
    void helloAnswersThroughTheInvokeApi() throws Exception {
        HttpResponse<String> answer = post("/2015-03-31/functions/hello/invocations", "{\"name\":\"kfn\"}", Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("message").asText()).isEqualTo("Hello, kfn!");
        assertThat(body.path("requestId").asText()).isNotBlank();
    }

    /** http-api.yaml: a route's request becomes a payload 2.0 event, and the 2.0 answer the HTTP response. */
    @Test
    void theHttpApiAnswersARouteWithTheStatusHeadersAndBodyItsFunctionGave() throws Exception {
        HttpResponse<String> answer =
                post("/default/todos", "{\"title\":\"tea\"}", Map.of("Content-Type", "application/json"));

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.headers().firstValue("content-type")).contains("application/json");
        assertThat(answer.body()).isEqualTo("{\"title\":\"tea\"}");
    }

    /** clicks.yaml: a record put into the Stream reaches click-counter, whose log says so. */
    @Test
    void aRecordPutIntoTheClicksStreamIsCountedByClickCounter() {
        // a record of its own: the broker's stream keeps earlier runs' records, which TRIM_HORIZON reads too
        String data = "home-" + UUID.randomUUID();
        String key = "user-" + UUID.randomUUID();
        String record = "{\"partitionKey\":\"" + key + "\",\"data\":\""
                + Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)) + "\"}";

        // until the gateway has loaded the Stream (503, then 404 before it): neither of those answers stored it
        HttpResponse<String> put = await().atMost(WITHIN)
                .until(() -> post("/streams/default/clicks", record, Map.of()), r -> r.statusCode() == 200);
        assertThat(put.body()).contains("\"shardId\":\"shardId-");

        String counted = "click " + data + " by " + key;
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(instanceLogs("click-counter"))
                        .anySatisfy(log -> assertThat(log).contains(counted)));
    }

    /** websocket-chat.yaml: a message sent on a connection comes back through the connection API the function calls. */
    @Test
    void aChatMessageComesBackToTheRoomThroughTheConnectionApi() throws Exception {
        String data = "hello-" + UUID.randomUUID();
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(
                        URI.create(gateway.replaceFirst("^http", "ws") + "/default/chat"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence text, boolean last) {
                                received.add(text.toString());
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        try {
            socket.sendText("{\"action\":\"sendMessage\",\"data\":\"" + data + "\"}", true)
                    .get(WITHIN.toSeconds(), TimeUnit.SECONDS);

            await().atMost(WITHIN)
                    .untilAsserted(() -> assertThat(received)
                            .anySatisfy(text -> assertThat(text).endsWith(": " + data)));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** queue.yaml: an order published to default.orders-in reaches order-intake in an SQS batch. */
    @Test
    void anOrderPublishedToTheQueueIsTakenByOrderIntake() throws Exception {
        String order = "order-" + UUID.randomUUID();
        try (Connection connection = settings.broker().connectionFactory().newConnection("examples-it");
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", "default.orders-in", null, order.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(WITHIN.toMillis());
        }

        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(instanceLogs("order-intake"))
                        .anySatisfy(log -> assertThat(log).contains("order " + order + " (received 1 times)")));
    }

    /** A folder of the manifests beside a copy of the jar they name ({@code file:target/java-functions.jar}). */
    private static Path served() throws IOException {
        Path served = Files.createDirectories(WORK.resolve("examples"));
        for (String manifest : MANIFESTS) {
            Files.copy(EXAMPLES.resolve(manifest), served.resolve(manifest), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(
                EXAMPLES.resolve("target/java-functions.jar"),
                Files.createDirectories(served.resolve("target")).resolve("java-functions.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        return served;
    }

    /** As the manifest's comment asks ({@code rabbitmqadmin declare queue … durable=true}): kfn does not make it. */
    private static void declareQueue(LocalSettings settings, String queue) throws Exception {
        try (Connection connection = settings.broker().connectionFactory().newConnection("examples-it");
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
        }
    }

    private static List<String> notReady() {
        return FUNCTIONS.stream()
                .filter(name -> {
                    Function fn = platform.api()
                            .client()
                            .resources(Function.class)
                            .inNamespace("default")
                            .withName(name)
                            .get();
                    return fn == null
                            || fn.getStatus() == null
                            || !fn.getStatus().isReady();
                })
                .toList();
    }

    /** What the function's instances wrote, where {@code kfn logs} reads them: {@code logs/<namespace>.<pod>.log}. */
    private static List<String> instanceLogs(String function) throws IOException {
        try (Stream<Path> files = Files.list(WORK.resolve("logs"))) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().startsWith("default." + function + "-"))
                    .toList();
            List<String> texts = new ArrayList<>();
            for (Path log : logs) {
                texts.add(Files.readString(log));
            }
            return texts;
        }
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(WITHIN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
