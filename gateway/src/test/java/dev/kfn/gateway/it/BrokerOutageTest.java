package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.QueueNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker taken away from the gateway (every connection dropped, new ones refused, by {@link BrokerProxy})
 * and given back: callers get 503 at once, never a hang, and the gateway recovers without help.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerOutageTest {

    @Inject
    KubernetesClient client;

    private Topology topology;
    private Functions functions;
    private Gateway gateway;
    private HostProcess host;
    private QueueNames echo;
    private QueueNames unserved;

    @BeforeAll
    void startFunction() throws Exception {
        topology = new Topology();
        functions = new Functions(client);
        gateway = new Gateway();
        echo = topology.function("echo");
        unserved = topology.function("unserved");
        functions.create(echo, "dev.kfn.gateway.testfunctions.Echo::echo");
        functions.create(unserved, "dev.kfn.gateway.testfunctions.Echo::echo", "60s", Map.of());
        host = new HostProcess(echo, "dev.kfn.gateway.testfunctions.Echo::echo").start();
    }

    @BeforeEach
    void awaitConnected() {
        await().atMost(Duration.ofSeconds(20)).until(() -> call(echo, Map.of()).statusCode() == 200);
    }

    @AfterEach
    void giveTheBrokerBack() {
        BrokerProxy.instance().resume();
        BrokerProxy.instance().restore();
    }

    @AfterAll
    void stopFunction() throws Exception {
        host.close();
        functions.deleteAll(topology.namespace);
        topology.close();
    }

    private HttpResponse<byte[]> call(QueueNames fn, Map<String, String> headers) {
        return gateway.post(Gateway.invokePath(fn.namespace() + "%2F" + fn.function()), headers, "{\"ping\":1}".getBytes());
    }

    @Test
    void brokerAwayMeans503AtOnceAndTheGatewayRecoversByItself() {
        BrokerProxy.instance().cut();

        HttpResponse<byte[]> sync = call(echo, Map.of());
        HttpResponse<byte[]> event = call(echo, Map.of("X-Amz-Invocation-Type", "Event"));

        for (HttpResponse<byte[]> refused : new HttpResponse[] {sync, event}) {
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("ServiceException");
            assertThat(Gateway.json(refused.body()).path("Type").asText()).isEqualTo("Service");
        }
        assertThat(gateway.get("/q/health/ready")).contains("\"broker-connected\": false");

        BrokerProxy.instance().restore();

        await().atMost(Duration.ofSeconds(20)).until(() -> call(echo, Map.of()).statusCode() == 200);
        assertThat(call(echo, Map.of("X-Amz-Invocation-Type", "Event")).statusCode()).isEqualTo(202);
    }

    @Test
    void brokerThatHangsIsAnswered503AfterTheConfirmTimeoutNotAHang() {
        BrokerProxy.instance().stall();

        HttpResponse<byte[]> event = call(echo, Map.of("X-Amz-Invocation-Type", "Event"));

        assertThat(event.statusCode()).isEqualTo(503);
        assertThat(Gateway.json(event.body()).path("message").asText()).contains("did not confirm");
        assertThat(gateway.metric("kfn_gateway_publish_failures_total", "reason=\"unconfirmed\"")).isGreaterThanOrEqualTo(1);

        BrokerProxy.instance().resume();

        await().atMost(Duration.ofSeconds(20)).until(() -> call(echo, Map.of()).statusCode() == 200);
    }

    @Test
    void callersWaitingWhenTheBrokerGoesAreAnswered503AtOnce() {
        CompletableFuture<HttpResponse<byte[]>> waiting = gateway.postAsync(
            Gateway.invokePath(unserved.namespace() + "%2Funserved"), Map.of(), "{}".getBytes());
        await().atMost(Duration.ofSeconds(10)).until(() -> topology.ready(unserved.sync()) == 1);

        BrokerProxy.instance().cut();

        HttpResponse<byte[]> answer = waiting.join();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(Gateway.json(answer.body()).path("message").asText()).contains("may or may not have run");
    }
}
