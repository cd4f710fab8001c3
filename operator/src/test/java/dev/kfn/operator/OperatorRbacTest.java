package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import dev.kfn.operator.rbac.ApiRequest;
import dev.kfn.operator.rbac.RbacRules;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
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
        drain();
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
        List<PolicyRule> rules = OperatorChartTest.clusterRole(
                        OperatorChartTest.render("broker.existingSecret=rabbit-creds"), "kfn-operator")
                .getRules();
        List<RecordedRequest> calls = drain();
        Set<String> refused = new TreeSet<>();
        for (RecordedRequest call : calls) {
            if (TEST_AGENT.equals(call.getHeader("User-Agent"))) {
                continue;
            }
            ApiRequest.parse(call.getMethod(), call.getPath())
                    .filter(request -> !RbacRules.allow(rules, request))
                    .ifPresent(request -> refused.add(request + " ← " + call.getMethod() + " " + call.getPath()));
        }
        assertThat(calls).isNotEmpty();
        assertThat(refused).as("calls the chart's ClusterRole does not allow").isEmpty();
    }

    private List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> calls = new ArrayList<>();
        await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(5)).until(() -> {
            RecordedRequest call = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS);
            if (call == null) {
                return true;
            }
            calls.add(call);
            return false;
        });
        return calls;
    }
}
