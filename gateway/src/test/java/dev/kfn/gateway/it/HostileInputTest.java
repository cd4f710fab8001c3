package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and malformed calls, each answered with Lambda's error (status, JSON body, {@code x-amzn-ErrorType})
 * while every other caller is served as usual. DryRun admits a call exactly as a real one and runs nothing, so
 * no instance is needed.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final Map<String, String> DRY_RUN = Map.of("X-Amz-Invocation-Type", "DryRun");

    @Inject
    KubernetesClient client;

    private final String namespace = "gw-" + UUID.randomUUID().toString().substring(0, 8);
    private Gateway gateway;
    private FunctionId open;
    private FunctionId tokened;

    @BeforeAll
    void createFunctions() {
        gateway = new Gateway();
        open = new FunctionId(namespace, "open");
        tokened = new FunctionId(namespace, "tokened");
        TestFunctions.create(client, TestFunctions.java(open, spec -> {}));
        TestFunctions.create(client, TestFunctions.java(tokened, Map.of("kfn.dev/auth", "jwt"), spec -> {}));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> dryRun(open, Map.of()).statusCode() == 204);
    }

    @AfterAll
    void deleteThem() {
        TestFunctions.deleteAll(client, namespace, Duration.ofSeconds(10));
    }

    @Test
    void functionNamesThatAreNotDnsLabelsAre400() {
        for (String name : List.of("UPPER", "under_score", "-dash", "x".repeat(64), "a.b")) {
            assertLambdaError(
                    gateway.post(Gateway.invokePath(name), DRY_RUN, new byte[0]),
                    400,
                    "InvalidParameterValueException");
            assertLambdaError(
                    gateway.post("/functions/" + namespace + "/" + name, DRY_RUN, new byte[0]),
                    400,
                    "InvalidParameterValueException");
            assertLambdaError(
                    gateway.post("/functions/" + name + "/open", DRY_RUN, new byte[0]),
                    400,
                    "InvalidParameterValueException");
        }
        assertThat(dryRun(open, Map.of()).statusCode()).isEqualTo(204);
    }

    @Test
    void malformedAndHugeBearerTokensAre401() {
        for (String authorization : List.of(
                "Bearer",
                "Bearer ",
                "Bearer not-a-token",
                "Bearer a.b.c",
                "Bearer %%%.%%%.%%%",
                "Bearer " + "e".repeat(16_000),
                "Bearer " + Base64.getUrlEncoder().encodeToString("{\"alg\":\"none\"}".getBytes()) + ".e30.")) {
            assertLambdaError(dryRun(tokened, Map.of("Authorization", authorization)), 401, "UnauthorizedException");
        }
    }

    @Test
    void malformedClientContextIs400() {
        String tooLarge = Base64.getEncoder().encodeToString(new byte[5_000]);
        for (String context : List.of("not base64!", "====", tooLarge)) {
            assertLambdaError(
                    dryRun(open, Map.of("X-Amz-Client-Context", context)), 400, "InvalidParameterValueException");
        }
    }

    @Test
    void oversizedHeadersAre431InLambdasFormatAndTheNextCallerIsServed() {
        assertLambdaError(dryRun(open, Map.of("X-Padding", "x".repeat(30_000))), 431, "RequestTooLargeException");
        assertLambdaError(
                dryRun(open, Map.of("X-One", "x".repeat(11_000), "X-Two", "y".repeat(11_000))),
                431,
                "RequestTooLargeException");
        assertThat(dryRun(open, Map.of("X-Padding", "x".repeat(10_000))).statusCode())
                .isEqualTo(204);
    }

    @Test
    void malformedInvocationAndLogTypesAre400() {
        for (Map<String, String> headers : List.of(
                Map.of("X-Amz-Invocation-Type", "x".repeat(4_000)),
                Map.of("X-Amz-Invocation-Type", "DryRun", "X-Amz-Log-Type", "Everything"))) {
            assertLambdaError(
                    gateway.post(Gateway.invokePath(open), headers, new byte[0]),
                    400,
                    "InvalidParameterValueException");
        }
    }

    @Test
    void aSlowBodyHoldsBackNoOtherCaller() throws Exception {
        try (Socket slow = new Socket(gateway.base().getHost(), gateway.base().getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST " + Gateway.invokePath(open) + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "X-Amz-Invocation-Type: DryRun\r\nContent-Length: 100000\r\n\r\n{\"a\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            List<CompletableFuture<HttpResponse<byte[]>>> others = IntStream.range(0, 20)
                    .mapToObj(i -> gateway.postAsync(Gateway.invokePath(open), DRY_RUN, "{}".getBytes()))
                    .toList();
            for (CompletableFuture<HttpResponse<byte[]>> other : others) {
                assertThat(other.join().statusCode()).isEqualTo(204);
            }
        }
    }

    @Test
    void severalConcurrentEightMegabyteBodiesAre413AndOthersAreServed() {
        byte[] large = new byte[7 * 1024 * 1024];
        List<CompletableFuture<HttpResponse<byte[]>>> bodies = IntStream.range(0, 4)
                .mapToObj(i -> gateway.postAsync(Gateway.invokePath(open), Map.of(), large))
                .toList();
        HttpResponse<byte[]> small = dryRun(open, Map.of());
        for (CompletableFuture<HttpResponse<byte[]>> body : bodies) {
            assertLambdaError(body.join(), 413, "RequestTooLargeException");
        }
        assertThat(small.statusCode()).isEqualTo(204);
    }

    @Test
    void anUnknownFunctionInANamespaceNameThatIsTooLongIs400NotACrash() {
        String name = URLEncoder.encode("n".repeat(300) + "/f", StandardCharsets.UTF_8);
        assertLambdaError(
                gateway.post(Gateway.invokePath(name), DRY_RUN, new byte[0]), 400, "InvalidParameterValueException");
    }

    private HttpResponse<byte[]> dryRun(FunctionId fn, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(DRY_RUN);
        return gateway.post(Gateway.invokePath(fn), all, new byte[0]);
    }

    private static void assertLambdaError(HttpResponse<byte[]> response, int status, String type) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(type);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = Gateway.json(response.body());
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("Type").asText()).isIn("User", "Service");
    }
}
