package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.Chart;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.rbac.RecordedCalls;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every call the operator makes to the Kubernetes API while a Function lives and goes is allowed by the ClusterRole
 * the chart renders: the chart's RBAC is derived from the code, not guessed. The test's own calls go through a
 * client of its own, told apart by its user agent.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class OperatorRbacTest extends OperatorIntegrationTest {

    private static final String TEST_AGENT = "kfn-rbac-test";

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void everyCallOfAFunctionsLifeIsAllowedByTheChart() throws Exception {
        RecordedCalls.drain(server.getKubernetesMockServer());
        try (KubernetesClient user = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withUserAgent(TEST_AGENT)
                        .build())
                .build()) {
            FunctionId id = id("audited");
            Function fn = TestFunctions.java(id, spec -> {});
            TestFunctions.create(user, fn);
            TestFunctions.awaitReady(user, id, Duration.ofSeconds(30));
            TestFunctions.deleteAll(user, namespace, Duration.ofSeconds(20));
        }
        RecordedCalls calls = RecordedCalls.drain(server.getKubernetesMockServer());
        assertThat(calls.size()).isPositive();
        assertThat(calls.refusedBy(Chart.clusterRules("kfn-operator"), RecordedCalls.sentWith(TEST_AGENT)))
                .as("calls the chart's ClusterRole does not allow")
                .isEmpty();
    }
}
