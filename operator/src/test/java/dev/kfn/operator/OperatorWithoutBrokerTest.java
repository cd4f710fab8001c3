package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.ScheduleStatus;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.WakeMessage;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.SecondBroker;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator on a broker of the test's own, which is down when the operator starts ({@link SecondBrokerResource}):
 * reconciling goes on without it, and everything the broker holds back follows once it is up, with no restart.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@WithTestResource(value = SecondBrokerResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// named to sort after the tests that share the default application: each change of test resources is a new boot
class OperatorWithoutBrokerTest {

    private static final Logger LOG = Logger.getLogger(OperatorWithoutBrokerTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(60);

    SecondBroker broker;

    @Inject
    KubernetesClient client;

    @Inject
    AdjustableClock clock;

    final String namespace = "out" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void deleteFunctions() {
        broker.startApp();
        TestFunctions.deleteAll(client, namespace, WITHIN);
    }

    private FunctionId create(String name) {
        FunctionId id = new FunctionId(namespace, name);
        TestFunctions.create(client, TestFunctions.java(id));
        return id;
    }

    private Function get(FunctionId id) {
        return client.resources(Function.class)
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    private Deployment deployment(FunctionId id) {
        return client.apps()
                .deployments()
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    private Optional<ScheduleStatus> schedule(FunctionId id) {
        return Optional.ofNullable(get(id))
                .map(Function::getStatus)
                .map(FunctionStatus::getSchedules)
                .flatMap(schedules -> schedules.stream().findFirst());
    }

    private Optional<Condition> queueReady(FunctionId id) {
        return Optional.ofNullable(get(id))
                .map(Function::getStatus)
                .flatMap(s -> s.condition(FunctionStatus.QUEUE_READY));
    }

    /** The function has its Deployment, and its status says the queues wait for the broker. */
    private void awaitDeployedWithoutQueues(FunctionId id) {
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(deployment(id)).as("Deployment of %s", id).isNotNull();
            assertThat(queueReady(id)).as("QueueReady of %s", id).isPresent();
            Condition queues = queueReady(id).get();
            assertThat(queues.getStatus()).isEqualTo("False");
            assertThat(queues.getMessage()).startsWith("broker unreachable: ");
            assertThat(get(id).getStatus().isReady()).isFalse();
        });
    }

    private Connection connect() throws Exception {
        ConnectionFactory factory = broker.settings().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("kfn-outage-test");
    }

    private static boolean exists(Connection connection, String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(queue);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Order(1)
    void startsWithoutTheBrokerThenDeclaresTheQueuesAndScalesOnceItIsUp() throws Exception {
        FunctionId id = create("early");
        awaitDeployedWithoutQueues(id);

        broker.startApp();
        long up = System.nanoTime();

        TestFunctions.awaitReady(client, id, WITHIN);
        LOG.infof("broker up → %s Ready in %d ms", id, (System.nanoTime() - up) / 1_000_000);
        assertThat(queueReady(id).orElseThrow().getStatus()).isEqualTo("True");
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            for (String queue : id.queues().all()) {
                assertThat(exists(connection, queue)).as(queue).isTrue();
            }
            // the autoscaler found the broker on its own too: demand scales the function from zero
            channel.confirmSelect();
            channel.basicPublish(
                    Exchange.INVOKE.exchangeName(),
                    id.queues().sync(),
                    new AMQP.BasicProperties(),
                    "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
            channel.basicPublish(Exchange.WAKE.exchangeName(), "", null, WakeMessage.encode(id));
        }
        // a wake sent before the autoscaler's consumer was back is lost; the queue listing finds the demand then
        await().atMost(WITHIN)
                .untilAsserted(
                        () -> assertThat(deployment(id).getSpec().getReplicas()).isEqualTo(1));
    }

    @Test
    @Order(2)
    void aFunctionDeletedWhileTheBrokerIsDownWaitsForItWithoutHoldingUpOthers() throws Exception {
        FunctionId doomed = create("doomed");
        TestFunctions.awaitReady(client, doomed, WITHIN);

        broker.stopApp();
        client.resources(Function.class)
                .inNamespace(namespace)
                .withName(doomed.name())
                .delete();
        FunctionId later = create("later");

        awaitDeployedWithoutQueues(later);
        assertThat(get(doomed))
                .as("held by its finalizer until the broker deleted its queues")
                .isNotNull();
        assertThat(get(doomed).getMetadata().getDeletionTimestamp()).isNotNull();

        broker.startApp();
        long up = System.nanoTime();

        await().atMost(WITHIN).until(() -> get(doomed) == null);
        LOG.infof("broker up → %s deleted in %d ms", doomed, (System.nanoTime() - up) / 1_000_000);
        TestFunctions.awaitReady(client, later, WITHIN);
        try (Connection connection = connect()) {
            for (String queue : doomed.queues().all()) {
                assertThat(exists(connection, queue)).as(queue).isFalse();
            }
        }
    }

    @Test
    @Order(3)
    void aFiringDueWhileTheBrokerIsDownIsEnqueuedOnceItIsBack() throws Exception {
        FunctionId id = new FunctionId(namespace, "hourly");
        TestFunctions.create(client, TestFunctions.java(id, spec -> {
            Trigger hourly = new Trigger();
            hourly.setSchedule(new ScheduleTrigger());
            hourly.getSchedule().setExpression("rate(1 hour)");
            spec.setTriggers(List.of(hourly));
        }));
        // a rate fires at once; its record is where the next time comes from
        await().atMost(WITHIN)
                .until(() -> schedule(id).map(ScheduleStatus::getLastFiring).isPresent());
        Instant next = Instant.parse(schedule(id).orElseThrow().getNextFiring());
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            channel.queuePurge(id.queues().async());
        }

        broker.stopApp();
        clock.advance(Duration.between(clock.instant(), next).plusSeconds(1));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(schedule(id).map(ScheduleStatus::getError))
                        .hasValueSatisfying(error -> assertThat(error).startsWith("the firing of " + next)));

        broker.startApp();
        AtomicReference<GetResponse> firing = new AtomicReference<>();
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            await().atMost(WITHIN)
                    .until(() -> firing.compareAndSet(
                                    null, channel.basicGet(id.queues().async(), true))
                            && firing.get() != null);
        }
        assertThat(ScheduledEvents.time(ScheduledEvents.read(firing.get().getBody())))
                .isEqualTo(next);
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(schedule(id)).hasValueSatisfying(s -> {
                    assertThat(s.getError()).isNull();
                    assertThat(s.getLastFiring()).isEqualTo(next.toString());
                }));
    }
}
