package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.ReplyRoute;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker taken away from the gateway (every connection dropped, new ones refused, by {@link BrokerProxy})
 * and given back, and a session the gateway ends itself: callers get 503 at once, never a hang, readiness says
 * so, and the gateway recovers without help.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerOutageTest {

    private static final String ECHO = Echo.class.getName() + "::echo";
    private static final String READY = "/q/health/ready";
    private static final String LIVE = "/q/health/live";

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Channel channel;
    private Gateway gateway;
    private HostProcess host;
    private FunctionId echo;
    private FunctionId unserved;

    @BeforeAll
    void startFunction() throws Exception {
        topology = new TestTopology("gw");
        channel = topology.channel();
        gateway = new Gateway();
        echo = topology.function("echo");
        unserved = topology.function("unanswered");
        TestFunctions.create(client, TestFunctions.java(echo, spec -> spec.setHandler(ECHO)));
        TestFunctions.create(client, TestFunctions.java(unserved, spec -> {
            spec.setHandler(ECHO);
            spec.setTimeout("60s");
        }));
        host = new HostProcess(echo, ECHO, TaskRoots.java(Echo.class))
                .env(HostEnvironment.MEMORY_MIB, 256)
                .startReady();
    }

    @BeforeEach
    void awaitConnectedWithNothingWaiting() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> call(echo, Map.of()).statusCode() == 200);
        channel.queuePurge(unserved.queues().sync());
    }

    @AfterEach
    void giveTheBrokerBack() {
        BrokerProxy.instance().resume();
        BrokerProxy.instance().restore();
    }

    @AfterAll
    void stopFunction() throws Exception {
        host.close();
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(10));
        topology.close();
    }

    private HttpResponse<byte[]> call(FunctionId fn, Map<String, String> headers) {
        return gateway.post(Gateway.invokePath(fn), headers, "{\"ping\":1}".getBytes());
    }

    @Test
    void brokerAwayMeans503AtOnceNotReadyButLiveAndTheGatewayRecoversByItself() {
        BrokerProxy.instance().cut();

        HttpResponse<byte[]> sync = call(echo, Map.of());
        HttpResponse<byte[]> event = call(echo, Map.of("X-Amz-Invocation-Type", "Event"));

        for (HttpResponse<byte[]> refused : new HttpResponse[] {sync, event}) {
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("ServiceException");
            assertThat(Gateway.json(refused.body()).path("Type").asText()).isEqualTo("Service");
        }
        assertThat(gateway.status(READY)).isEqualTo(503);
        assertThat(gateway.get(READY)).contains("\"broker-connected\": false").contains("not connected to the broker");
        assertThat(gateway.status(LIVE)).isEqualTo(200);

        BrokerProxy.instance().restore();
        long restored = System.nanoTime();

        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.status(READY) == 200);
        System.out.printf(
                "gateway ready again %d ms after the broker came back%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored));
        assertThat(call(echo, Map.of()).statusCode()).isEqualTo(200);
        assertThat(call(echo, Map.of("X-Amz-Invocation-Type", "Event")).statusCode())
                .isEqualTo(202);
    }

    @Test
    void brokerThatHangsIsAnswered503AfterTheConfirmTimeoutNotAHang() {
        BrokerProxy.instance().stall();

        HttpResponse<byte[]> event = call(echo, Map.of("X-Amz-Invocation-Type", "Event"));

        assertThat(event.statusCode()).isEqualTo(503);
        assertThat(Gateway.json(event.body()).path("message").asText()).contains("did not confirm");
        assertThat(gateway.metric("kfn_gateway_publish_failures_total", "reason=\"unconfirmed\""))
                .isGreaterThanOrEqualTo(1);

        BrokerProxy.instance().resume();

        await().atMost(Duration.ofSeconds(20)).until(() -> call(echo, Map.of()).statusCode() == 200);
    }

    @Test
    void callersWaitingWhenTheBrokerGoesAreAnswered503AtOnce() {
        CompletableFuture<HttpResponse<byte[]>> waiting =
                gateway.postAsync(Gateway.invokePath(unserved), Map.of(), "{}".getBytes());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> topology.ready(unserved.queues().sync()) == 1);

        BrokerProxy.instance().cut();

        HttpResponse<byte[]> answer = waiting.join();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(Gateway.json(answer.body()).path("message").asText()).contains("may or may not have run");
    }

    /**
     * The broker cancels the consumer of a deleted queue; the gateway, left without replies, aborts its own
     * connection. That close is the gateway's own, and it must be followed by a new session all the same.
     */
    @Test
    void sessionTheGatewayAbortsAfterItsReplyConsumerIsCancelledIsReplacedAndCallsAreAnsweredAgain() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> waiting =
                gateway.postAsync(Gateway.invokePath(unserved), Map.of(), "{}".getBytes());
        String replyQueue = takeNextCall().getProps().getReplyTo();

        // an exclusive queue of another connection: the AMQP and management APIs refuse, rabbitmqctl deletes it
        rabbitmqctl("delete_queue", replyQueue);
        long deleted = System.nanoTime();

        HttpResponse<byte[]> answer = waiting.join();
        assertThat(answer.statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(20)).until(() -> call(echo, Map.of()).statusCode() == 200);
        System.out.printf(
                "gateway answered again %d ms after its reply queue was deleted%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deleted));
        assertThat(gateway.status(READY)).isEqualTo(200);

        CompletableFuture<HttpResponse<byte[]>> next =
                gateway.postAsync(Gateway.invokePath(unserved), Map.of(), "{}".getBytes());
        AMQP.BasicProperties call = takeNextCall().getProps();
        assertThat(call.getReplyTo()).as("a new session has a new reply queue").isNotEqualTo(replyQueue);
        channel.basicPublish(
                Exchange.REPLY.exchangeName(),
                ReplyRoute.routingKey(call.getReplyTo(), unserved),
                new AMQP.BasicProperties.Builder()
                        .correlationId(call.getCorrelationId())
                        .build(),
                "\"answered by hand\"".getBytes());
        assertThat(next.join().statusCode()).isEqualTo(200);
    }

    /** Takes the next call to {@code unserved} off its queue, so no instance answers it. */
    private GetResponse takeNextCall() {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> channel.basicGet(unserved.queues().sync(), true), m -> m != null);
    }

    private static void rabbitmqctl(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "rabbitmqctl";
        command[1] = "-q";
        System.arraycopy(args, 0, command, 2, args.length);
        Process ctl = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(ctl.waitFor(60, TimeUnit.SECONDS)).as("rabbitmqctl finished").isTrue();
        assertThat(ctl.exitValue())
                .as(new String(ctl.getInputStream().readAllBytes()))
                .isZero();
    }
}
