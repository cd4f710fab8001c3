package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the operator's integration tests share: the mock API server's client, the real broker, a
 * namespace of their own, and deleting every Function afterwards — which also proves that no queue
 * outlives its function, since the finalizer waits for the broker.
 */
abstract class OperatorIntegrationTest {

    static Broker broker;

    @Inject
    KubernetesClient client;

    final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() throws Exception {
        broker = new Broker();
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    @AfterEach
    void deleteFunctions() {
        client.resources(Function.class).inNamespace(namespace).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(client.resources(Function.class).inNamespace(namespace).list().getItems()).isEmpty());
    }
}
