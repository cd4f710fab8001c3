package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A {@code provided} function — a shell script speaking the Lambda Runtime API, no Java in it — serving an HTTP route
 * through the gateway: the payload 2.0 event in, a payload 2.0 response (status, headers, cookies, body) out.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvidedRouteTest {

    /** Answers each event with a 2.0 response naming the event's route, method and path, as read with sed. */
    private static final String BOOTSTRAP = """
        #!/bin/sh
        set -eu
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        field() { printf '%s' "$EVENT" | sed -n "s/.*\\"$1\\":\\"\\([^\\"]*\\)\\".*/\\1/p"; }
        while true; do
          HEADERS=$(mktemp)
          EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
          ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
          rm -f "$HEADERS"
          ROUTE=$(field routeKey)
          METHOD=$(field method)
          PATH_=$(field rawPath)
          curl -sS -X POST "$API/invocation/$ID/response" -d "{\\"statusCode\\":201,\\
        \\"headers\\":{\\"content-type\\":\\"text/plain\\",\\"x-route\\":\\"$ROUTE\\"},\\
        \\"cookies\\":[\\"shell=yes\\"],\\
        \\"body\\":\\"$METHOD $PATH_ from sh\\"}" > /dev/null
        done
        """;

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Gateway gateway;
    private HostProcess host;
    private String ns;

    @BeforeAll
    void start() throws Exception {
        topology = new TestTopology("provided-route");
        ns = topology.namespace;
        gateway = new Gateway();
        FunctionId shell = topology.function("shell");
        HttpTrigger http = new HttpTrigger();
        http.setRoutes(List.of("POST /notes/{id}"));
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        TestFunctions.create(client, TestFunctions.java(shell, spec -> {
            spec.setRuntime("provided");
            spec.setHandler("notes.handler");
            spec.setTriggers(List.of(trigger));
        }));
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target", "task-roots")), "shell-")
                .toAbsolutePath();
        Path bootstrap = Files.writeString(root.resolve("bootstrap"), BOOTSTRAP);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        host = new HostProcess(shell, "notes.handler", root).provided(root).startReady();
    }

    @AfterAll
    void stop() throws Exception {
        host.close();
        TestFunctions.deleteAll(client, ns, Duration.ofSeconds(10));
        topology.close();
    }

    @Test
    void aShellFunctionAnswersARouteWithAPayload2Response() {
        // until the informer has the Function, the route is no one's (404)
        HttpResponse<byte[]> response = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> gateway.send(gateway.request("/" + ns + "/notes/7")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}"))),
                        r -> r.statusCode() != 404);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).contains("text/plain");
        assertThat(response.headers().firstValue("x-route")).contains("POST /notes/{id}");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("shell=yes");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("POST /notes/7 from sh");
    }
}
