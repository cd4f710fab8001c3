package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.operator.clusterevent.WatchKey;
import dev.kfn.testsupport.Chart;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.rbac.ApiRequest;
import dev.kfn.testsupport.rbac.RecordedCalls;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /** A call to the one namespace-scoped object the cluster events keep: their positions' ConfigMap. */
    private static boolean positionsCall(RecordedRequest call) {
        return ApiRequest.parse(call.getMethod(), call.getPath())
                .filter(r -> r.resource().equals("configmaps") && r.namespace().equals("kfn-system"))
                .isPresent();
    }

    @Test
    void everyCallOfTheDefaultClusterEventWatchesIsAllowedByTheChart() throws Exception {
        RecordedCalls.drain(server.getKubernetesMockServer());
        try (KubernetesClient user = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withUserAgent(TEST_AGENT)
                        .build())
                .build()) {
            FunctionId id = id("watching");
            List<Trigger> triggers = List.of(
                    ClusterEventTriggerTest.clusterEvent("v1", "Pod", w -> w.setLabelSelector("app=web")),
                    ClusterEventTriggerTest.clusterEvent("v1", "Event", w -> {}),
                    ClusterEventTriggerTest.clusterEvent("v1", "ConfigMap", w -> {}),
                    ClusterEventTriggerTest.clusterEvent("apps/v1", "Deployment", w -> {}));
            TestFunctions.create(user, TestFunctions.java(id, spec -> spec.setTriggers(triggers)));
            TestFunctions.awaitReady(user, id, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Optional.ofNullable(user.configMaps()
                                    .inNamespace("kfn-system")
                                    .withName("kfn-cluster-event-positions")
                                    .get())
                            .map(ConfigMap::getData)
                            .map(d -> d.keySet()
                                    .containsAll(triggers.stream()
                                            .map(t -> WatchKey.of(id, t.getClusterEvent())
                                                    .id())
                                            .toList()))
                            .orElse(false));
            TestFunctions.deleteAll(user, namespace, Duration.ofSeconds(20));
        }
        RecordedCalls calls = RecordedCalls.drain(server.getKubernetesMockServer());
        List<HasMetadata> chart = Chart.render(Chart.BROKER_LOGIN);
        assertThat(calls.refusedBy(
                        Chart.clusterRole(chart, "kfn-operator").getRules(),
                        RecordedCalls.sentWith(TEST_AGENT).or(OperatorRbacTest::positionsCall)))
                .as("calls the chart's ClusterRole does not allow")
                .isEmpty();
        Role positions = chart.stream()
                .filter(Role.class::isInstance)
                .map(Role.class::cast)
                .filter(r -> r.getMetadata().getName().equals("kfn-operator-cluster-events"))
                .findFirst()
                .orElseThrow();
        assertThat(positions.getMetadata().getNamespace()).isEqualTo("kfn-system");
        assertThat(calls.refusedBy(
                        positions.getRules(), RecordedCalls.sentWith(TEST_AGENT).or(c -> !positionsCall(c))))
                .as("calls on the positions ConfigMap the chart's Role does not allow")
                .isEmpty();
    }
}
