package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.MetricLabels;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.MonitoringPack;
import dev.kfn.testsupport.TestFunctions;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator's own series, as its /q/metrics serves them (the Quarkus registry's scrape), while a Function lives:
 * every series the alert rules and the dashboard read from the operator is there, under KfnMetric's name.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class OperatorMetricsTest extends OperatorIntegrationTest {

    /** What the operator registers: its reconciles, its broker connections, the autoscaler and per-function gauges. */
    private static final Set<KfnMetric> OPERATOR = Set.of(
            KfnMetric.RECONCILES,
            KfnMetric.RECONCILE_ERRORS,
            KfnMetric.BROKER_CONNECTED,
            KfnMetric.AUTOSCALER_TICK,
            KfnMetric.AUTOSCALER_READ_ERRORS,
            KfnMetric.FUNCTION_DESIRED_INSTANCES,
            KfnMetric.FUNCTION_READY_INSTANCES,
            KfnMetric.FUNCTION_QUEUE_DEPTH,
            KfnMetric.FUNCTION_DEAD_LETTER_DEPTH);

    @Inject
    PrometheusMeterRegistry registry;

    private Set<String> scraped() {
        return registry.scrape()
                .lines()
                .filter(l -> l.startsWith("kfn_"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    @Test
    void servesEverySeriesThePackReadsFromTheOperator() {
        FunctionId id = id("watched");
        TestFunctions.create(client, TestFunctions.java(id, spec -> {}));
        TestFunctions.awaitReady(client, id, Duration.ofSeconds(30));
        Set<String> expected =
                OPERATOR.stream().flatMap(m -> m.series().stream()).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(scraped()).containsAll(expected));
        // the text format may end a label set with a comma; the function's own series comes with the autoscaler's
        // first tick that sees it, which other functions' series may precede
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(registry.scrape())
                        .containsPattern("kfn_function_desired_instances\\{function=\"watched\","
                                + MetricLabels.FUNCTION_NAMESPACE + "=\"" + namespace + "\",?}"));
        String text = registry.scrape();
        assertThat(text)
                .containsPattern("kfn_broker_connected\\{connection=\"kfn-operator\",?} 1\\.0")
                .containsPattern("kfn_broker_connected\\{connection=\"kfn-autoscaler\",?} 1\\.0");
        assertThat(text).containsPattern("kfn_reconciles_total [1-9]");

        Set<String> operatorNames = Arrays.stream(KfnMetric.values())
                .filter(OPERATOR::contains)
                .flatMap(m -> m.series().stream())
                .collect(Collectors.toSet());
        Set<String> packReads = MonitoringPack.rules().stream()
                .flatMap(r -> MonitoringPack.seriesNames(r.path("expr").asText()).stream())
                .collect(Collectors.toSet());
        MonitoringPack.dashboardQueries().forEach(q -> packReads.addAll(MonitoringPack.seriesNames(q)));
        packReads.retainAll(operatorNames);
        assertThat(packReads).isNotEmpty();
        assertThat(scraped()).containsAll(packReads);
    }
}
