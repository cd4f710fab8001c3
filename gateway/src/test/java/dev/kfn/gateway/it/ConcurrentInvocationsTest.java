package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.MetricLabels;
import dev.kfn.gateway.testfunctions.Echo;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Many callers waiting at once on one gateway instance's reply queue, each for its own answer. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentInvocationsTest {

    private static final int CALLS = 1000;

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Gateway gateway;
    private HostProcess host;
    private FunctionId echo;

    @BeforeAll
    void startFunction() throws Exception {
        topology = new TestTopology("gw");
        gateway = new Gateway();
        echo = topology.function("echo");
        String handler = Echo.class.getName() + "::echo";
        // a long timeout makes each caller's wait (timeout + queueing allowance) cover the whole burst on a slow
        // machine
        TestFunctions.create(client, TestFunctions.java(echo, spec -> {
            spec.setHandler(handler);
            spec.setTimeout("60s");
        }));
        host = new HostProcess(echo, handler, TaskRoots.java(Echo.class))
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env(HostEnvironment.CONCURRENCY, 16)
                .startReady();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> gateway.post(path(), Map.of("X-Amz-Invocation-Type", "DryRun"), new byte[0])
                                .statusCode()
                        == 204);
    }

    @AfterAll
    void stopFunction() throws Exception {
        host.close();
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(10));
        topology.close();
    }

    private String path() {
        return Gateway.invokePath(echo);
    }

    @Test
    void thousandConcurrentCallsEachGetTheirOwnAnswer() {
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(gateway.postAsync(path(), Map.of("Content-Type", "application/json"), body(i)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        List<Integer> statuses =
                calls.stream().map(c -> c.join().statusCode()).distinct().toList();
        assertThat(statuses).containsExactly(200);
        IntStream.range(0, CALLS)
                .forEach(i -> assertThat(new String(calls.get(i).join().body(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(body(i), StandardCharsets.UTF_8)));
        assertThat(gateway.metric(
                        "kfn_gateway_invocations_seconds_count",
                        "function=\"echo\"",
                        "status=\"200\"",
                        MetricLabels.FUNCTION_NAMESPACE + "=\"" + echo.namespace() + "\""))
                .isEqualTo(CALLS);
        System.out.printf("%d concurrent sync calls answered in %d ms%n", CALLS, took.toMillis());
    }

    /** Prints warm one-at-a-time latency through gateway, broker and host; the numbers go to docs/gateway.md. */
    @Test
    void sequentialCallsEachGetTheirOwnAnswer() {
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = gateway.post(path(), Map.of("Content-Type", "application/json"), body(i));
            micros[i] = (System.nanoTime() - started) / 1000;
            assertThat(response.body()).isEqualTo(body(i));
        }
        java.util.Arrays.sort(micros);
        System.out.printf(
                "sequential sync calls: p50 %.1f ms, p99 %.1f ms%n", micros[100] / 1000.0, micros[197] / 1000.0);
    }

    private static byte[] body(int i) {
        return ("{\"call\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }
}
