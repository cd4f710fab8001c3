package dev.kfn.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the operator's integration tests share: the mock API server's client, the real broker on localhost (the
 * operator's default), a namespace of their own, and deleting every Function afterwards — which also proves that
 * no queue outlives its function, since the finalizer waits for the broker.
 */
abstract class OperatorIntegrationTest {

    static final BrokerSettings BROKER = BrokerSettings.defaults();
    static final BrokerManagement MANAGEMENT = new BrokerManagement(BROKER);
    static Connection amqp;

    @Inject
    KubernetesClient client;

    final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() throws Exception {
        ConnectionFactory factory = BROKER.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        amqp = factory.newConnection("kfn-operator-test");
    }

    @AfterAll
    static void disconnect() throws Exception {
        amqp.close();
    }

    @AfterEach
    void deleteFunctions() {
        TestFunctions.deleteAll(client, namespace, Duration.ofSeconds(20));
    }

    FunctionId id(String name) {
        return new FunctionId(namespace, name);
    }

    static boolean queueExists(String name) throws Exception {
        try (Channel channel = amqp.createChannel()) {
            channel.queueDeclarePassive(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The management API's view of a queue, with the named columns, if it lists the queue. */
    static Optional<JsonNode> queue(String name, String columns) throws IOException {
        return StreamSupport.stream(MANAGEMENT.queues("name," + columns).spliterator(), false)
                .filter(q -> q.path("name").asText().equals(name))
                .findFirst();
    }
}
