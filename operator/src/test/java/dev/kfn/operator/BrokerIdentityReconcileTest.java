package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each Function gets a broker identity of its own from the operator: a user with only its own queues, its
 * credentials in a Secret of its namespace that its pods read, both removed with the Function. Against the Fabric8
 * mock API server and the real RabbitMQ, whose refusals are the proof.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class BrokerIdentityReconcileTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private Function create(String name, Consumer<FunctionSpec> change) {
        return TestFunctions.create(client, TestFunctions.java(id(name), change));
    }

    private Function get(String name) {
        return client.resources(Function.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    private Condition condition(String name, String type) {
        Function fn = get(name);
        return fn == null || fn.getStatus() == null
                ? null
                : fn.getStatus().condition(type).orElse(null);
    }

    /** The broker settings a pod of the function gets: the broker, with what its Secret holds. */
    private BrokerSettings podCredentials(String function) {
        Secret secret = secret(function + "-broker");
        return BROKER.withCredentials(
                secret.getStringData().get("username"), secret.getStringData().get("password"));
    }

    private static Connection connect(BrokerSettings settings) throws Exception {
        ConnectionFactory factory = settings.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("kfn-function-test");
    }

    private static void publish(Channel channel, String exchange, String key) throws IOException {
        channel.basicPublish(exchange, key, new AMQP.BasicProperties(), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFunctionsSecretReadsItsOwnQueuesAndIsRefusedAnothers() throws Exception {
        create("alpha", spec -> {});
        create("beta", spec -> {});
        TestFunctions.awaitReady(client, id("alpha"), WITHIN);
        TestFunctions.awaitReady(client, id("beta"), WITHIN);
        QueueNames alpha = id("alpha").queues();
        QueueNames beta = id("beta").queues();
        try (Channel admin = amqp.createChannel()) {
            publish(admin, Exchange.INVOKE.exchangeName(), alpha.sync());
            publish(admin, Exchange.INVOKE.exchangeName(), beta.sync());
        }

        try (Connection pod = connect(podCredentials("alpha"))) {
            Channel own = pod.createChannel();
            await().atMost(WITHIN).until(() -> own.basicGet(alpha.sync(), true) != null);
            own.basicGet(alpha.async(), true);

            Channel other = pod.createChannel();
            assertThatThrownBy(() -> other.basicGet(beta.sync(), true))
                    .isInstanceOf(IOException.class)
                    .hasStackTraceContaining("ACCESS_REFUSED");
            Channel purge = pod.createChannel();
            assertThatThrownBy(() -> purge.queuePurge(beta.async()))
                    .isInstanceOf(IOException.class)
                    .hasStackTraceContaining("ACCESS_REFUSED");
        }
        try (Channel admin = amqp.createChannel()) {
            assertThat(admin.queueDeclarePassive(beta.sync()).getMessageCount())
                    .as("beta's invocation is still there")
                    .isEqualTo(1);
        }
    }

    @Test
    void theDeploymentReadsTheCredentialsFromTheFunctionsOwnSecretInAFreshNamespace() {
        create("gamma", spec -> {});
        TestFunctions.awaitReady(client, id("gamma"), WITHIN);

        Secret secret = secret("gamma-broker");
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getUid())
                        .isEqualTo(get("gamma").getMetadata().getUid()));
        assertThat(secret.getStringData()).containsEntry("username", "kfn-function." + namespace + ".gamma");
        var env = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName("gamma")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        for (String variable : new String[] {BrokerSettings.USERNAME, BrokerSettings.PASSWORD}) {
            assertThat(env)
                    .filteredOn(e -> e.getName().equals(variable))
                    .singleElement()
                    .extracting(EnvVar::getValueFrom)
                    .satisfies(
                            from -> assertThat(from.getSecretKeyRef().getName()).isEqualTo("gamma-broker"));
        }
    }

    @Test
    void deletingTheFunctionRemovesItsBrokerUserAndItsSecret() throws Exception {
        create("delta", spec -> {});
        TestFunctions.awaitReady(client, id("delta"), WITHIN);
        BrokerSettings credentials = podCredentials("delta");
        connect(credentials).close();

        client.resources(Function.class)
                .inNamespace(namespace)
                .withName("delta")
                .delete();

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(get("delta")).isNull();
            assertThat(secret("delta-broker")).isNull();
        });
        assertThatThrownBy(() -> connect(credentials).close()).isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void aQueueDestinationThatDoesNotExistIsNamedAndBoundOnceItDoes() throws Exception {
        String queue = "results-" + UUID.randomUUID().toString().substring(0, 8);
        create("epsilon", spec -> {
            Destination d = new Destination();
            d.setQueue(queue);
            spec.getAsync().setOnSuccess(d);
        });
        await().atMost(WITHIN).untilAsserted(() -> {
            Condition queues = condition("epsilon", FunctionStatus.QUEUE_READY);
            assertThat(queues).isNotNull();
            assertThat(queues.getStatus()).isEqualTo("False");
            assertThat(queues.getReason()).isEqualTo(FunctionStatus.REASON_DESTINATION_NOT_FOUND);
            assertThat(queues.getMessage()).startsWith("spec.async.onSuccess.queue: queue " + queue);
        });

        try (Channel admin = amqp.createChannel()) {
            admin.queueDeclare(queue, true, false, false, null);
            try {
                TestFunctions.awaitReady(client, id("epsilon"), Duration.ofSeconds(30));
                try (Connection pod = connect(podCredentials("epsilon"))) {
                    Channel channel = pod.createChannel();
                    channel.confirmSelect();
                    publish(channel, Exchange.DESTINATION.exchangeName(), queue);
                    channel.waitForConfirmsOrDie(5_000);
                }
                assertThat(admin.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
            } finally {
                admin.queueDelete(queue);
            }
        }
    }

    @Test
    void aDestinationInAnotherNamespaceIsRefusedNamingTheField() {
        create("zeta", spec -> {
            Destination d = new Destination();
            d.setFunction("elsewhere/audit");
            spec.getAsync().setOnFailure(d);
        });
        await().atMost(WITHIN).untilAsserted(() -> {
            Condition ready = condition("zeta", FunctionStatus.READY);
            assertThat(ready).isNotNull();
            assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_SPEC);
            assertThat(ready.getMessage()).startsWith("spec.async.onFailure.function: elsewhere/audit");
        });
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("zeta")
                        .get())
                .isNull();
    }

    @Test
    void plainHttpCodeIsRefusedNamingTheField() {
        create("eta", spec -> spec.getCode().setUrl("http://code.example/eta.zip"));
        await().atMost(WITHIN).untilAsserted(() -> {
            Condition ready = condition("eta", FunctionStatus.READY);
            assertThat(ready).isNotNull();
            assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_SPEC);
            assertThat(ready.getMessage()).startsWith("spec.code.url: http://code.example/eta.zip is plain HTTP");
        });
    }

    @Test
    void deletingTheFunctionKeepsADeadLetterQueueThatHoldsMessagesAndSaysSo() throws Exception {
        create("theta", spec -> {});
        TestFunctions.awaitReady(client, id("theta"), WITHIN);
        QueueNames names = id("theta").queues();
        try (Channel admin = amqp.createChannel()) {
            admin.confirmSelect();
            publish(admin, Exchange.DEAD_LETTER.exchangeName(), names.deadLetter());
            admin.waitForConfirmsOrDie(5_000);
        }

        client.resources(Function.class)
                .inNamespace(namespace)
                .withName("theta")
                .delete();

        try {
            await().atMost(WITHIN).untilAsserted(() -> {
                assertThat(get("theta")).isNull();
                assertThat(queueExists(names.async())).isFalse();
            });
            assertThat(queueExists(names.deadLetter())).isTrue();
            await().atMost(WITHIN)
                    .untilAsserted(() -> assertThat(client.v1()
                                    .events()
                                    .inNamespace(namespace)
                                    .list()
                                    .getItems())
                            .map(Event::getReason, Event::getMessage)
                            .anySatisfy(e -> {
                                assertThat(e.toList().get(0)).isEqualTo("DeadLettersKept");
                                assertThat((String) e.toList().get(1))
                                        .contains(names.deadLetter(), "rabbitmqctl delete_queue");
                            }));
        } finally {
            try (Channel admin = amqp.createChannel()) {
                admin.queueDelete(names.deadLetter());
            }
        }
    }
}
