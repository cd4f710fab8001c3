package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.WakeMessage;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
}
