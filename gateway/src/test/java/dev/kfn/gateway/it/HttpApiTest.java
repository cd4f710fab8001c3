package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.api.http.Cors;
import dev.kfn.api.http.RouteConflicts;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.MetricLabels;
import dev.kfn.gateway.httpfunctions.Orders;
import dev.kfn.gateway.httpfunctions.PlainValues;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTP routes end to end: the gateway in Quarkus, the Functions in the mock API server, the real RabbitMQ (through
 * {@link BrokerProxy}), and real runtime hosts running a Lambda web handler ({@link Orders}: the typed
 * APIGatewayV2HTTPEvent in, APIGatewayV2HTTPResponse out) and one answering with plain values ({@link PlainValues}).
 * Requests address the namespace by path: {@code /<namespace>/<route path>}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

    private static final String APP = "https://app.example";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Gateway gateway;
    private HostProcess ordersHost;
    private HostProcess plainHost;
    private FunctionId orders;
    private FunctionId plain;
    private String ns;

    @BeforeAll
    void startFunctions() throws Exception {
        topology = new TestTopology("http");
        ns = topology.namespace;
        gateway = new Gateway();
        orders = topology.function("orders");
        plain = topology.function("plain");
        create(
                orders,
                Orders.class.getName(),
                "2s",
                spec -> spec.setTriggers(List.of(
                        http(
                                List.of(
                                        "GET /orders/{id}",
                                        "POST /orders",
                                        "GET /orders/special",
                                        "ANY /files/{proxy+}",
                                        "GET /boom",
                                        "$default"),
                                trigger -> trigger.setCors(cors())),
                        http(List.of("GET /me"), trigger -> trigger.setAuth("jwt")))));
        // created after orders: its GET /orders/{orderId} conflicts with orders' GET /orders/{id}, which orders keeps
        create(
                plain,
                PlainValues.class.getName() + "::handle",
                "3s",
                spec -> spec.setTriggers(
                        List.of(http(List.of("GET /plain", "GET /text", "GET /orders/{orderId}"), trigger -> {}))));
        ordersHost = new HostProcess(orders, Orders.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env(HostEnvironment.TIMEOUT_MILLIS, 2000)
                .env(HostEnvironment.CONCURRENCY, 4)
                .start();
        plainHost = new HostProcess(plain, PlainValues.class.getName() + "::handle", handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .start();
        ordersHost.awaitReady();
        plainHost.awaitReady();
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        get("/plain").statusCode() == 200 && get("/orders/1").statusCode() == 200);
    }

    @AfterAll
    void stopFunctions() throws Exception {
        ordersHost.close();
        plainHost.close();
        TestFunctions.deleteAll(client, ns, Duration.ofSeconds(10));
        topology.close();
    }

    /** The handlers with what they need that the host does not give them: the event classes, and Jackson for their answers. */
    private static Path handlers() {
        return TaskRoots.java(
                Orders.class, APIGatewayV2HTTPEvent.class, ObjectMapper.class, JsonFactory.class, JsonAutoDetect.class);
    }

    private void create(FunctionId fn, String handler, String timeout, Consumer<FunctionSpec> change) {
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(handler);
            spec.setTimeout(timeout);
            change.accept(spec);
        }));
    }

    private static Trigger http(List<String> routes, Consumer<HttpTrigger> change) {
        HttpTrigger http = new HttpTrigger();
        http.setRoutes(routes);
        change.accept(http);
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        return trigger;
    }

    private static Cors cors() {
        Cors cors = new Cors();
        cors.setAllowOrigins(List.of(APP));
        cors.setAllowMethods(List.of("GET", "POST"));
        cors.setAllowHeaders(List.of("content-type", "x-api-key"));
        cors.setExposeHeaders(List.of("x-route"));
        cors.setMaxAge(600);
        cors.setAllowCredentials(true);
        return cors;
    }

    private HttpRequest.Builder route(String path) {
        return gateway.request("/" + ns + path);
    }

    private HttpResponse<byte[]> get(String path) {
        return gateway.send(route(path));
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return Gateway.json(response.body());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void getCarriesPathParametersRepeatedQueryKeysCookiesAndJoinedHeaders() {
        HttpResponse<byte[]> response = gateway.send(route("/orders/42?tag=a&tag=b&q=x%20y")
                .header("Cookie", "session=s1; theme=dark")
                .header("X-Dup", "1")
                .header("X-Dup", "2")
                .header("User-Agent", "kfn-test"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-route")).contains("GET /orders/{id}");
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        JsonNode event = json(response);
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /orders/{id}");
        assertThat(event.path("rawPath").asText()).isEqualTo("/orders/42");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("tag=a&tag=b&q=x%20y");
        assertThat(event.path("queryStringParameters").path("tag").asText()).isEqualTo("a,b");
        assertThat(event.path("queryStringParameters").path("q").asText()).isEqualTo("x y");
        assertThat(event.path("pathParameters").path("id").asText()).isEqualTo("42");
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("session=s1", "theme=dark");
        assertThat(event.path("headers").path("x-dup").asText()).isEqualTo("1,2");
        assertThat(event.path("headers").path("user-agent").asText()).isEqualTo("kfn-test");
        assertThat(event.path("headers").has("cookie")).isFalse();
        JsonNode context = event.path("requestContext");
        assertThat(context.path("accountId").asText()).isEqualTo(ns);
        assertThat(context.path("domainName").asText()).isEqualTo("localhost");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("requestId").asText())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
        assertThat(context.path("timeEpoch").asLong()).isPositive();
        assertThat(context.path("time").asText()).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");
        assertThat(context.path("http").path("method").asText()).isEqualTo("GET");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/orders/42");
        assertThat(context.path("http").path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("kfn-test");
    }

    @Test
    void binaryBodyGoesBase64AndComesBackAsTheSameBytesWithCookiesAndHeaders() {
        byte[] binary = new byte[1024];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }

        // with Expect: 100-continue, as curl sends a body over 1 KB: the gateway must say continue before the body
        // comes
        HttpResponse<byte[]> response = gateway.send(route("/orders")
                .header("Content-Type", "application/octet-stream")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo(binary);
        assertThat(response.headers().firstValue("x-was-base64")).contains("true");
        assertThat(response.headers().firstValue("content-type")).contains("application/octet-stream");
        assertThat(response.headers().allValues("set-cookie"))
                .containsExactly("session=abc; Path=/; HttpOnly", "theme=dark");
        assertThat(response.headers().allValues("x-multi")).containsExactly("a", "b");
    }

    @Test
    void textBodyGoesAsText() {
        HttpResponse<byte[]> response = gateway.send(route("/orders")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(text(response)).isEqualTo("{\"item\":\"tea\"}");
        assertThat(response.headers().firstValue("x-was-base64")).contains("false");
    }

    @Test
    void aPlainValueIsA200JsonBody() {
        HttpResponse<byte[]> value = get("/plain");
        HttpResponse<byte[]> string = get("/text");

        assertThat(value.statusCode()).isEqualTo(200);
        assertThat(value.headers().firstValue("content-type")).contains("application/json");
        assertThat(json(value).path("plain").asBoolean()).isTrue();
        assertThat(json(value).path("routeKey").asText()).isEqualTo("GET /plain");
        assertThat(string.statusCode()).isEqualTo(200);
        assertThat(text(string)).isEqualTo("plain text");
    }

    @Test
    void routesArePickedExactThenGreedyThenDefault() {
        assertThat(get("/orders/special").headers().firstValue("x-route")).contains("GET /orders/special");
        assertThat(get("/orders/7").headers().firstValue("x-route")).contains("GET /orders/{id}");
        HttpResponse<byte[]> greedy = get("/files/reports/2026/q4.pdf");
        assertThat(greedy.headers().firstValue("x-route")).contains("ANY /files/{proxy+}");
        assertThat(json(greedy).path("pathParameters").path("proxy").asText()).isEqualTo("reports/2026/q4.pdf");
        HttpResponse<byte[]> fallback = gateway.send(route("/anything/else").DELETE());
        assertThat(fallback.headers().firstValue("x-route")).contains("$default");
        assertThat(json(fallback).path("routeKey").asText()).isEqualTo("$default");
    }

    @Test
    void aConflictingRouteStaysWithTheEarlierFunctionAndTheLaterOneIsToldWhy() {
        HttpResponse<byte[]> contested = get("/orders/7");

        assertThat(contested.headers().firstValue("x-route"))
                .as("served by orders, not plain")
                .contains("GET /orders/{id}");
        List<Function> functions =
                client.resources(Function.class).inNamespace(ns).list().getItems();
        assertThat(RouteConflicts.of(functions)).containsOnlyKeys(plain);
        assertThat(RouteConflicts.of(functions).get(plain))
                .singleElement()
                .asString()
                .contains("\"GET /orders/{orderId}\" is already served by Function orders");
    }

    @Test
    void preflightIsAnsweredByTheGatewayFromTheRoutesCors() {
        HttpResponse<byte[]> preflight = gateway.send(route("/orders/7")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "content-type"));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                .contains(APP);
        assertThat(preflight.headers().firstValue("access-control-allow-methods"))
                .contains("GET,POST");
        assertThat(preflight.headers().firstValue("access-control-allow-headers"))
                .contains("content-type,x-api-key");
        assertThat(preflight.headers().firstValue("access-control-max-age")).contains("600");
        assertThat(preflight.headers().firstValue("access-control-allow-credentials"))
                .contains("true");
        assertThat(preflight.headers().firstValue("apigw-requestid"))
                .as("no function was invoked")
                .isEmpty();

        HttpResponse<byte[]> plainOptions =
                gateway.send(route("/orders/7").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(plainOptions.headers().firstValue("x-route"))
                .as("an OPTIONS that is no preflight is routed")
                .contains("$default");
    }

    @Test
    void answersToAnAllowedOriginCarryTheConfiguredCorsHeadersOnly() {
        HttpResponse<byte[]> allowed = gateway.send(route("/orders/7").header("Origin", APP));
        HttpResponse<byte[]> other = gateway.send(route("/orders/7").header("Origin", "https://evil.example"));

        assertThat(allowed.headers().allValues("access-control-allow-origin")).containsExactly(APP);
        assertThat(allowed.headers().firstValue("access-control-expose-headers"))
                .contains("x-route");
        assertThat(allowed.headers().firstValue("access-control-allow-credentials"))
                .contains("true");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("access-control-allow-origin"))
                .as("the function's own header is dropped")
                .isEmpty();
    }

    @Test
    void noMatchingRouteIs404NotFound() {
        HttpResponse<byte[]> response = gateway.send(gateway.request("/" + ns + "-none/orders/1"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void bodyOverSixMebibytesIs413WhetherAnnouncedOrStreamed() {
        byte[] over = new byte[6 * 1024 * 1024 + 1];

        HttpResponse<byte[]> announced =
                gateway.sendOnItsOwnConnection(route("/orders").POST(HttpRequest.BodyPublishers.ofByteArray(over)));
        HttpResponse<byte[]> streamed = gateway.sendOnItsOwnConnection(
                route("/orders").POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(over))));
        for (HttpResponse<byte[]> refused : List.of(announced, streamed)) {
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(text(refused)).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
        }
    }

    @Test
    void bodyBeyondTheHttpLayersLimitIsRefusedAndTheGatewayKeepsServing() {
        // beyond what the HTTP layer reads at all, the server may close the connection while the client is still
        // sending, before the client reads the 413: either way the body is refused and the gateway serves on
        byte[] huge = new byte[9 * 1024 * 1024];
        try {
            HttpResponse<byte[]> refused =
                    gateway.sendOnItsOwnConnection(route("/orders").POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
            assertThat(refused.statusCode()).isEqualTo(413);
        } catch (UncheckedIOException closedWhileSending) {
            assertThat(closedWhileSending).hasRootCauseInstanceOf(IOException.class);
        }
        assertThat(gateway.send(gateway.request("/" + ns + "-none/orders/1")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFailingHandlerIs500InternalServerError() {
        HttpResponse<byte[]> response = get("/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(text(response)).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    /** A host of its own: a java host that timed out replaces itself (as Lambda resets a sandbox), and nothing here restarts it. */
    @Test
    void aHandlerOverItsTimeoutIs504() throws Exception {
        FunctionId slow = topology.function("slow");
        create(
                slow,
                Orders.class.getName(),
                "1s",
                spec -> spec.setTriggers(List.of(http(List.of("GET /slow"), trigger -> {}))));
        try (HostProcess host = new HostProcess(slow, Orders.class.getName(), handlers())
                .env(HostEnvironment.TIMEOUT_MILLIS, 1000)
                .startReady()) {
            // until the informer has it, $default (of orders) answers the path
            HttpResponse<byte[]> response =
                    await().atMost(Duration.ofSeconds(30)).until(() -> get("/slow"), r -> r.statusCode() == 504);

            assertThat(text(response)).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
            assertThat(host.log()).contains("timed out");
        }
    }

    @Test
    void aFullQueueIs429TooManyRequests() throws Exception {
        FunctionId busy = topology.function("busy", 1);
        create(
                busy,
                Orders.class.getName(),
                "1s",
                spec -> spec.setTriggers(List.of(http(List.of("POST /busy"), trigger -> {}))));
        try (Channel channel = topology.channel()) {
            channel.confirmSelect();
            channel.basicPublish("", busy.queues().sync(), true, new AMQP.BasicProperties(), "{}".getBytes());
            channel.waitForConfirmsOrDie(10_000);
        }

        // until the informer has it, $default (of orders) answers the path
        HttpResponse<byte[]> response = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> gateway.send(route("/busy").POST(HttpRequest.BodyPublishers.ofString("{}"))),
                        r -> r.statusCode() == 429);

        assertThat(text(response)).isEqualTo("{\"message\":\"Too Many Requests\"}");
    }

    @Test
    void aCallerARouteRefusesIsAnsweredBeforeItsBodyIsSent() throws Exception {
        try (Socket socket = new Socket(gateway.base().getHost(), gateway.base().getPort())) {
            // guards the read only: a gateway waiting for the body would never answer
            socket.setSoTimeout((int) Gateway.CALL_LIMIT.toMillis());
            socket.getOutputStream()
                    .write(("GET /" + ns + "/me HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 5000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 401");
        }
    }

    @Test
    void aJwtRouteHandsTheTokensClaimsToTheFunction() {
        String token = Jwt.issuer("https://kfn.dev")
                .subject("user-1")
                .groups(Set.of("kfn:invoke:" + ns))
                .claim("scope", "orders:read orders:write")
                .sign();

        HttpResponse<byte[]> response = gateway.send(route("/me").header("Authorization", "Bearer " + token));
        HttpResponse<byte[]> anonymous = get("/me");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode jwt = json(response).path("requestContext").path("authorizer").path("jwt");
        assertThat(jwt.path("claims").path("sub").asText()).isEqualTo("user-1");
        assertThat(jwt.path("claims").path("iss").asText()).isEqualTo("https://kfn.dev");
        assertThat(jwt.path("claims").path("groups").asText()).isEqualTo("[kfn:invoke:" + ns + "]");
        assertThat(jwt.path("scopes")).extracting(JsonNode::asText).containsExactly("orders:read", "orders:write");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(text(anonymous)).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    void routeCallsAreCountedAsTheFunctionsInvocations() {
        get("/plain");

        assertThat(gateway.metric(
                        "kfn_gateway_invocations_seconds_count",
                        "function=\"plain\"",
                        MetricLabels.FUNCTION_NAMESPACE + "=\"" + ns + "\"",
                        "status=\"200\""))
                .isGreaterThanOrEqualTo(1);
    }

    /** The commands of docs/http.md; skipped only where curl is not installed. */
    @Test
    void curlCallsRoutesAndAPreflight() throws Exception {
        Assumptions.assumeTrue(Curl.installed(), "curl is not installed");
        String base = gateway.base() + "/" + ns;

        String order = Curl.run("-H", "Cookie: theme=dark", base + "/orders/42?tag=a&tag=b");
        String created = Curl.run(
                "-X", "POST", base + "/orders", "-H", "Content-Type: application/json", "-d", "{\"item\":\"tea\"}");
        String preflight = Curl.run(
                "-X",
                "OPTIONS",
                base + "/orders/42",
                "-H",
                "Origin: " + APP,
                "-H",
                "Access-Control-Request-Method: GET");
        String missing = Curl.run(gateway.base() + "/" + ns + "-none/nothing");

        assertThat(order)
                .startsWith("HTTP/1.1 200")
                .contains("x-route: GET /orders/{id}\n")
                .contains("\"pathParameters\":{\"id\":\"42\"}")
                .contains("\"queryStringParameters\":{\"tag\":\"a,b\"}")
                .contains("\"cookies\":[\"theme=dark\"]");
        assertThat(created)
                .startsWith("HTTP/1.1 201")
                .contains("set-cookie: theme=dark\n")
                .endsWith("{\"item\":\"tea\"}");
        assertThat(preflight).startsWith("HTTP/1.1 204").contains("access-control-allow-origin: " + APP + "\n");
        assertThat(missing).startsWith("HTTP/1.1 404").endsWith("{\"message\":\"Not Found\"}");
    }

    @Test
    void theGatewaysOwnPathsAreNotRoutes() {
        HttpResponse<byte[]> invoke =
                gateway.post("/functions/" + plain, Map.of(), "{\"routeKey\":\"direct\"}".getBytes());

        assertThat(invoke.statusCode()).isEqualTo(200);
        assertThat(json(invoke).path("routeKey").asText()).isEqualTo("direct");
    }
}
