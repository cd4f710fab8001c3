package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.sun.net.httpserver.HttpServer;
import dev.kfn.api.AutoscalingStatus;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.WakeMessage;
import dev.kfn.operator.autoscaler.DeletionCosts;
import dev.kfn.testsupport.FreePorts;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The autoscaler against the real RabbitMQ queues of functions the operator created, with short windows. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class AutoscalerTest extends OperatorIntegrationTest {

    private void create(String name, Consumer<FunctionSpec> change) {
        TestFunctions.create(client, TestFunctions.java(id(name), spec -> {
            spec.getScaling().setScaleDownDelay("1s");
            spec.getScaling().setScaleToZeroAfter("2s");
            change.accept(spec);
        }));
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment(name) != null);
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private int replicas(String name) {
        return deployment(name).getSpec().getReplicas();
    }

    /** Publishes as the gateway does: confirmed invocations, then a wake when no instance is ready. */
    private void invoke(String name, int count, boolean wake) throws Exception {
        FunctionId id = id(name);
        try (Channel channel = amqp.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < count; i++) {
                channel.basicPublish(
                        Exchange.INVOKE.exchangeName(),
                        id.queues().sync(),
                        new AMQP.BasicProperties(),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(5_000);
            if (wake) {
                channel.basicPublish(Exchange.WAKE.exchangeName(), "", null, WakeMessage.encode(id));
            }
        }
    }

    private void purge(String name) throws Exception {
        try (Channel channel = amqp.createChannel()) {
            channel.queuePurge(id(name).queues().sync());
        }
    }

    private boolean hasEvent(String name, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .map(Event.class::cast)
                .anyMatch(e -> e.getInvolvedObject().getName().equals(name)
                        && e.getReason().equals(reason));
    }

    @Test
    void wakesFromZeroToDemandOverPerInstanceAndReturnsToZeroWhenIdle() throws Exception {
        create("burst", spec -> spec.getConcurrency().setPerInstance(2));
        assertThat(replicas("burst")).isZero();

        invoke("burst", 7, true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(replicas("burst")).isEqualTo(4));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(hasEvent("burst", "ScaledUp")).isTrue();
            Function fn = client.resources(Function.class)
                    .inNamespace(namespace)
                    .withName("burst")
                    .get();
            assertThat(fn.getStatus().getAutoscaling()).isNotNull();
            assertThat(fn.getStatus().getAutoscaling().getLastScaleReason()).isEqualTo("ScaledUp");
            assertThat(fn.getStatus().getAutoscaling().getQueueDepth()).isEqualTo(7L);
        });

        purge("burst");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(replicas("burst")).isZero();
            assertThat(hasEvent("burst", "ScaledToZero")).isTrue();
        });
    }

    @Test
    void anAutoscalingStatusAStalePatchTookAwayIsWrittenAgain() throws Exception {
        create("restored", spec -> {});
        invoke("restored", 1, true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(autoscaling("restored")).isNotNull());
        // as the reconciler's first status patch does when it lands after the scale: it adds the whole status
        client.resources(Function.class)
                .inNamespace(namespace)
                .withName("restored")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"autoscaling\":null}}");
        assertThat(autoscaling("restored")).isNull();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(autoscaling("restored"))
                        .isNotNull()
                        .satisfies(a -> assertThat(a.getLastScaleReason()).isEqualTo("ScaledUp")));
    }

    private AutoscalingStatus autoscaling(String name) {
        Function fn = client.resources(Function.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return fn.getStatus() == null ? null : fn.getStatus().getAutoscaling();
    }

    @Test
    void capsABurstAtReservedConcurrency() throws Exception {
        create("capped", spec -> {
            spec.getConcurrency().setPerInstance(1);
            spec.getConcurrency().setReserved(3);
        });
        invoke("capped", 10, true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(replicas("capped")).isEqualTo(3));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> replicas("capped") == 3);
    }

    @Test
    void keepsProvisionedInstancesWithNoDemand() {
        create("warm", spec -> spec.getConcurrency().setProvisioned(2));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> replicas("warm") == 2);
    }

    @Test
    void aFunctionRestingAtZeroScalesAsSoonAsItsSpecAsksForInstances() {
        create("resting", spec -> {});
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> replicas("resting") == 0);
        client.resources(Function.class)
                .inNamespace(namespace)
                .withName("resting")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"concurrency\":{\"provisioned\":1}}}");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(replicas("resting")).isEqualTo(1));
    }

    @Test
    void findsDemandWithoutAWakeThroughTheQueueListing() throws Exception {
        create("quiet", spec -> {});
        invoke("quiet", 3, false);
        // the management API's figures trail by up to its statistics interval (5 s by default)
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(replicas("quiet")).isEqualTo(3));
    }

    @Test
    void keepsReplicasWhenTheQueueCannotBeRead() throws Exception {
        create("blind", spec -> {});
        invoke("blind", 2, true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(replicas("blind")).isEqualTo(2));
        // once the reconciler has seen the scaled Deployment nothing re-declares the queue deleted below
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.resources(Function.class)
                                .inNamespace(namespace)
                                .withName("blind")
                                .get()
                                .getStatus()
                                .getDesiredReplicas())
                        .isEqualTo(2));

        try (Channel channel = amqp.createChannel()) {
            channel.queueDelete(id("blind").queues().sync());
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Function fn = client.resources(Function.class)
                    .inNamespace(namespace)
                    .withName("blind")
                    .get();
            assertThat(fn.getStatus().getAutoscaling()).isNotNull();
            assertThat(fn.getStatus().getAutoscaling().getReadError()).isNotNull();
        });
        // well past scaleDownDelay and scaleToZeroAfter: an unreadable queue never scales anything down
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> replicas("blind") == 2);
    }

    @Test
    void aFunctionWhoseSpecCannotBeReadHoldsUpNoOtherInTheSameTick() throws Exception {
        // the mock API server, like an API server without the CRD's schema, stores what no schema would allow
        TestFunctions.create(client, TestFunctions.java(id("poison"), spec -> {
            spec.setTimeout("9999999999999999h");
            spec.getEnv().add(null);
        }));
        create("healthy", spec -> {});

        invoke("healthy", 2, true);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(replicas("healthy")).isEqualTo(2));
        purge("healthy");
        // scaling back down is decided by ticks alone, each of which also meets the poison
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(replicas("healthy")).isZero());
    }

    /** A host's Prometheus page with a fixed busy count, where a pod of the Deployment says its host listens. */
    private static HttpServer metrics(int port, int busy) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/q/metrics", exchange -> {
            byte[] page =
                    ("kfn_invocations_in_flight{function=\"x\"} " + busy + ".0\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        return server;
    }

    private void pod(String function, String name, int hostPort) {
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(Map.of(Labels.FUNCTION, function))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName(FunctionDeployment.CONTAINER)
                        .withImage("runtime")
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(HostEnvironment.HTTP_PORT)
                        .withHostPort(hostPort)
                        .endPort()
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPodIP("127.0.0.1")
                        .endStatus()
                        .build())
                .create();
    }

    private String deletionCost(String pod) {
        Map<String, String> annotations = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .get()
                .getMetadata()
                .getAnnotations();
        return annotations == null ? null : annotations.get(DeletionCosts.ANNOTATION);
    }

    @Test
    void marksEachInstanceWithItsBusyCountBeforeScalingDownSoIdleOnesGoFirst() throws Exception {
        create("shrink", spec -> spec.getScaling().setScaleToZeroAfter("60s"));
        int busyPort = FreePorts.next();
        int idlePort = FreePorts.next();
        HttpServer busy = metrics(busyPort, 1);
        HttpServer idle = metrics(idlePort, 0);
        try {
            invoke("shrink", 2, true);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(replicas("shrink")).isEqualTo(2));
            pod("shrink", "shrink-busy", busyPort);
            pod("shrink", "shrink-idle", idlePort);

            purge("shrink");
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(replicas("shrink")).isEqualTo(1));
            assertThat(deletionCost("shrink-busy")).isEqualTo("1");
            assertThat(deletionCost("shrink-idle")).isEqualTo("0");
        } finally {
            busy.stop(0);
            idle.stop(0);
        }
    }
}
