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
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.api.http.Cors;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionUrlPath;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.gateway.httpfunctions.Orders;
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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Function URLs end to end ({@code http: {url: true}}): every method and path under {@code /urls/<namespace>/<name>/}
 * reaches the function as a Lambda function URL's event, read by a real runtime host running {@link Orders}, with
 * the trigger's CORS and auth and the routes' limits and error bodies.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionUrlTest {

    private static final String APP = "https://app.example";

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Gateway gateway;
    private HostProcess siteHost;
    private HostProcess securedHost;
    private FunctionId site;
    private FunctionId secured;
    private FunctionId routesOnly;
    private String ns;

    @BeforeAll
    void startFunctions() throws Exception {
        topology = new TestTopology("urls");
        ns = topology.namespace;
        gateway = new Gateway();
        site = topology.function("site");
        secured = topology.function("secured");
        routesOnly = topology.function("routes-only");
        create(site, "2s", url(trigger -> trigger.setCors(cors())));
        // one trigger with routes and a URL: both are the function's, with the trigger's auth
        create(secured, "2s", url(trigger -> {
            trigger.setRoutes(List.of("GET /secured"));
            trigger.setAuth("jwt");
        }));
        create(routesOnly, "2s", List.of(routes(List.of("GET /routes-only"))));
        siteHost = new HostProcess(site, Orders.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env(HostEnvironment.TIMEOUT_MILLIS, 2000)
                .start();
        securedHost = new HostProcess(secured, Orders.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .start();
        siteHost.awaitReady();
        securedHost.awaitReady();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(site, "/").statusCode() == 200);
    }

    @AfterAll
    void stopFunctions() throws Exception {
        siteHost.close();
        securedHost.close();
        TestFunctions.deleteAll(client, ns, Duration.ofSeconds(10));
        topology.close();
    }

    private static java.nio.file.Path handlers() {
        return TaskRoots.java(
                Orders.class, APIGatewayV2HTTPEvent.class, ObjectMapper.class, JsonFactory.class, JsonAutoDetect.class);
    }

    private void create(FunctionId fn, String timeout, List<Trigger> triggers) {
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(Orders.class.getName());
            spec.setTimeout(timeout);
            spec.setTriggers(triggers);
        }));
    }

    private static List<Trigger> url(Consumer<HttpTrigger> change) {
        HttpTrigger http = new HttpTrigger();
        http.setUrl(true);
        change.accept(http);
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        return List.of(trigger);
    }

    private static Trigger routes(List<String> routes) {
        HttpTrigger http = new HttpTrigger();
        http.setRoutes(routes);
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        return trigger;
    }

    private static Cors cors() {
        Cors cors = new Cors();
        cors.setAllowOrigins(List.of("*"));
        cors.setAllowMethods(List.of("GET", "PUT"));
        cors.setMaxAge(300);
        return cors;
    }

    /** {@code /urls/<namespace>/<name>} and the path after it, which starts with a slash. */
    private HttpRequest.Builder url(FunctionId fn, String path) {
        String base = FunctionUrlPath.of(fn);
        return gateway.request(base.substring(0, base.length() - 1) + path);
    }

    private HttpResponse<byte[]> get(FunctionId fn, String path) {
        return gateway.send(url(fn, path));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void everyPathAndMethodReachesTheFunctionAsAFunctionUrlEvent() {
        HttpResponse<byte[]> response = gateway.send(url(site, "/reports/2026/q4?tag=a&tag=b")
                .header("Cookie", "theme=dark")
                .header("User-Agent", "kfn-test")
                .header("Content-Type", "text/plain")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = Gateway.json(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("rawPath").asText()).isEqualTo("/reports/2026/q4");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("tag=a&tag=b");
        assertThat(event.path("queryStringParameters").path("tag").asText()).isEqualTo("a,b");
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("theme=dark");
        assertThat(event.path("pathParameters").isNull())
                .as("a function URL has none")
                .isTrue();
        assertThat(event.path("body").asText()).isEqualTo("hello");
        JsonNode context = event.path("requestContext");
        assertThat(context.path("routeKey").asText()).isEqualTo("$default");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("accountId").asText()).isEqualTo(ns);
        assertThat(context.path("apiId").asText()).isEqualTo("site");
        assertThat(context.path("domainName").asText()).isEqualTo("localhost");
        assertThat(context.path("domainPrefix").asText()).isEqualTo("localhost");
        assertThat(context.path("http").path("method").asText()).isEqualTo("PATCH");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/reports/2026/q4");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("kfn-test");
        assertThat(context.path("requestId").asText())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
    }

    @Test
    void theUrlItselfWithOrWithoutItsSlashIsThePathSlash() {
        HttpResponse<byte[]> withSlash = gateway.send(gateway.request(FunctionUrlPath.of(site)));
        String base = FunctionUrlPath.of(site);
        HttpResponse<byte[]> without = gateway.send(gateway.request(base.substring(0, base.length() - 1)));

        for (HttpResponse<byte[]> response : List.of(withSlash, without)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Gateway.json(response.body()).path("rawPath").asText()).isEqualTo("/");
        }
    }

    @Test
    void aFunctionWithoutUrlTrueOrNoFunctionAtAllIs404() {
        for (FunctionId none : List.of(routesOnly, new FunctionId(ns, "missing"), new FunctionId("Bad_", "x"))) {
            HttpResponse<byte[]> response =
                    gateway.send(gateway.request("/urls/" + none.namespace() + "/" + none.name() + "/x"));
            assertThat(response.statusCode()).as(none.toString()).isEqualTo(404);
            assertThat(text(response)).isEqualTo("{\"message\":\"Not Found\"}");
        }
        assertThat(gateway.send(gateway.request("/urls")).statusCode()).isEqualTo(404);
    }

    @Test
    void preflightIsAnsweredFromTheTriggersCorsAndAnswersCarryIt() {
        HttpResponse<byte[]> preflight = gateway.send(url(site, "/anything")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP)
                .header("Access-Control-Request-Method", "PUT"));
        HttpResponse<byte[]> actual = gateway.send(url(site, "/anything").header("Origin", APP));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                .contains("*");
        assertThat(preflight.headers().firstValue("access-control-allow-methods"))
                .contains("GET,PUT");
        assertThat(preflight.headers().firstValue("access-control-max-age")).contains("300");
        assertThat(preflight.headers().firstValue("apigw-requestid"))
                .as("no function was invoked")
                .isEmpty();
        assertThat(actual.headers().allValues("access-control-allow-origin")).containsExactly("*");
    }

    @Test
    void theTriggersAuthGuardsTheUrlAndItsClaimsReachTheFunction() {
        String token = Jwt.issuer("https://kfn.dev")
                .subject("user-7")
                .groups(Set.of("kfn:invoke:" + secured))
                .sign();

        HttpResponse<byte[]> anonymous = get(secured, "/profile");
        HttpResponse<byte[]> signed = gateway.send(url(secured, "/profile").header("Authorization", "Bearer " + token));
        HttpResponse<byte[]> route =
                gateway.send(gateway.request("/" + ns + "/secured").header("Authorization", "Bearer " + token));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(text(anonymous)).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(signed.statusCode()).isEqualTo(200);
        JsonNode event = Gateway.json(signed.body());
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("requestContext")
                        .path("authorizer")
                        .path("jwt")
                        .path("claims")
                        .path("sub")
                        .asText())
                .isEqualTo("user-7");
        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(route.body()).path("routeKey").asText()).isEqualTo("GET /secured");
    }

    @Test
    void aFailingHandlerIs500AndABodyOverSixMebibytesIs413() {
        HttpResponse<byte[]> failed = get(site, "/boom");
        HttpResponse<byte[]> tooLarge = gateway.sendOnItsOwnConnection(
                url(site, "/upload").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024 + 1])));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(text(failed)).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(text(tooLarge)).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
    }

    @Test
    void aFullQueueIs429() throws Exception {
        FunctionId busy = topology.function("busy", 1);
        create(busy, "1s", url(trigger -> {}));
        try (Channel channel = topology.channel()) {
            channel.confirmSelect();
            channel.basicPublish("", busy.queues().sync(), true, new AMQP.BasicProperties(), "{}".getBytes());
            channel.waitForConfirmsOrDie(10_000);
        }

        // until the informer has it, the URL is no one's (404)
        HttpResponse<byte[]> response = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> gateway.send(url(busy, "/").POST(HttpRequest.BodyPublishers.ofString("{}"))),
                        r -> r.statusCode() == 429);

        assertThat(text(response)).isEqualTo("{\"message\":\"Too Many Requests\"}");
    }

    /** The commands of docs/http.md's function URL section; skipped only where curl is not installed. */
    @Test
    void curlCallsAFunctionUrl() throws Exception {
        Assumptions.assumeTrue(Curl.installed(), "curl is not installed");

        String answer = Curl.run(
                "-X",
                "PUT",
                gateway.base() + FunctionUrlPath.of(site) + "notes/7?draft=1",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"text\":\"hi\"}");

        assertThat(answer)
                .startsWith("HTTP/1.1 200")
                .contains("\"routeKey\":\"$default\"")
                .contains("\"rawPath\":\"/notes/7\"");
    }
}
