package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.Chart;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.rbac.RecordedCalls;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every call the gateway makes to the Kubernetes API — its Function catalog, its API keys and its object-store
 * webhook tokens, from its start to a key and a token it learns — is allowed by the ClusterRole the chart renders,
 * whose only Secret rules name kfn-api-keys and kfn-object-store-tokens. A
 * profile of its own gives it a fresh gateway and API server, so the calls recorded are this gateway's from its
 * first; the test's own go through a client of its own, and the CRD the server was set up with is the setup's.
 */
@QuarkusTest
@TestProfile(GatewayRbacTest.OwnGateway.class)
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
class GatewayRbacTest {

    private static final String TEST_AGENT = "kfn-rbac-test";

    public static class OwnGateway implements QuarkusTestProfile {}

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Test
    void everyCallOfTheCatalogTheApiKeysAndTheObjectStoreTokensIsAllowedByTheChart() throws Exception {
        String namespace = "rbac-" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        Gateway gateway = new Gateway();
        try (KubernetesClient user = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withUserAgent(TEST_AGENT)
                        .build())
                .build()) {
            TestFunctions.create(
                    user,
                    TestFunctions.java(
                            new FunctionId(namespace, "keyed"), Map.of("kfn.dev/auth", "apiKey"), spec -> {}));
            user.secrets()
                    .inNamespace(namespace)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("kfn-api-keys")
                            .endMetadata()
                            // data, as the API server stores it (the mock server keeps stringData as sent)
                            .addToData("ci", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                            .build())
                    .create();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.post(
                                            Gateway.invokePath(new FunctionId(namespace, "keyed")),
                                            Map.of("X-Amz-Invocation-Type", "DryRun", "X-Api-Key", key),
                                            new byte[0])
                                    .statusCode()
                            == 204);
            String token = UUID.randomUUID().toString();
            user.secrets()
                    .inNamespace(namespace)
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName("kfn-object-store-tokens")
                            .endMetadata()
                            .addToData(
                                    "minio", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
                            .build())
                    .create();
            byte[] testEvent = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}".getBytes();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.post(
                                            "/object-store/" + namespace,
                                            Map.of("Authorization", "Bearer " + token),
                                            testEvent)
                                    .statusCode()
                            == 200);
        }
        Predicate<RecordedRequest> setup = call -> call.getPath().startsWith("/apis/apiextensions.k8s.io/");
        RecordedCalls calls = RecordedCalls.drain(server.getKubernetesMockServer());
        assertThat(calls.size()).isPositive();
        assertThat(calls.refusedBy(
                        Chart.clusterRules("kfn-gateway"),
                        RecordedCalls.sentWith(TEST_AGENT).or(setup)))
                .as("calls the chart's ClusterRole does not allow")
                .isEmpty();
    }
}
