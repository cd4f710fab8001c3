package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.MetricLabels;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.MonitoringPack;
import dev.kfn.testsupport.PrometheusServer;
import dev.kfn.testsupport.TestTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's prometheus package) scrapes two real runtime hosts, one succeeding and one failing
 * into its dead-letter queue, as the chart's PodMonitor would; then every series the alert rules
 * select from hosts, and every dashboard query over host series, returns something: the pack's names are the
 * names on the wire.
 */
class PrometheusScrapeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static TestTopology topology;
    private static Messages messages;
    private static FunctionId greeterFunction;
    private static HostProcess greeter;
    private static HostProcess failing;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        topology = new TestTopology("rt-prom");
        messages = new Messages(topology.channel());
        greeterFunction = topology.function("greeter");
        FunctionId failingFunction = topology.function("failing");
        greeter =
                TestHosts.java(greeterFunction, "dev.kfn.testfunctions.Greeter").start();
        failing = TestHosts.java(failingFunction, "dev.kfn.testfunctions.Plain::fail")
                .env("KFN_MAX_RETRIES", 1)
                .env("KFN_RETRY_DELAYS", "200ms")
                .start();
        greeter.awaitReady();
        failing.awaitReady();
        prometheus = startPrometheus(failingFunction);
        for (int i = 0; i < 3; i++) {
            messages.event(greeterFunction, "{\"name\":\"Eve\"}");
            messages.event(failingFunction, "{\"reason\":\"always\"}");
        }
        messages.call(greeterFunction, "{\"name\":\"Bob\"}", Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> failing.metric("kfn_dead_letters_total", "") == 3.0);
    }

    /** As the chart's PodMonitor scrapes function pods: no honor_labels, the pod's namespace and name as target labels. */
    private static PrometheusServer startPrometheus(FunctionId failingFunction) throws IOException {
        return PrometheusServer.start(dir, """
                  - job_name: kfn-functions
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["%s"]
                        labels: {namespace: %s, pod: greeter-1}
                      - targets: ["%s"]
                        labels: {namespace: %s, pod: failing-1}
                """.formatted(
                        greeter.scrapeTarget(),
                        greeterFunction.namespace(),
                        failing.scrapeTarget(),
                        failingFunction.namespace()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        greeter.close();
        failing.close();
        messages.close();
        topology.close();
    }

    /** The kfn series a host serves, by name, from its own scrape. */
    private static Set<String> hostSeries() throws Exception {
        return greeter.metrics()
                .lines()
                .filter(l -> l.startsWith("kfn_"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    @Test
    void everyHostSeriesTheAlertsSelectIsScraped() throws Exception {
        Set<String> host = hostSeries();
        Set<String> selectors = new LinkedHashSet<>();
        for (String selector : MonitoringPack.alertSelectors()) {
            if (host.containsAll(MonitoringPack.seriesNames(selector))) {
                selectors.add(selector);
            }
        }
        assertThat(selectors)
                .as("host series the alerts read")
                .anySatisfy(s -> assertThat(s).startsWith("kfn_async_event_age_seconds_bucket"))
                .anySatisfy(s -> assertThat(s).startsWith("kfn_dead_letters_total"))
                .anySatisfy(s -> assertThat(s).startsWith("kfn_init_duration_seconds"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(prometheus.empty(selectors))
                        .as("selectors with no series")
                        .isEmpty());
    }

    /** The function's namespace survives a scrape that keeps the target's own labels: nothing is renamed. */
    @Test
    void functionSeriesKeepTheirLabelsBesideTheTargets() throws Exception {
        JsonNode series = await().atMost(WAIT)
                .until(() -> prometheus.query("kfn_invocations_total{pod=\"greeter-1\"}"), r -> !r.isEmpty());
        assertThat(series).allSatisfy(s -> {
            JsonNode labels = s.path("metric");
            assertThat(labels.path(MetricLabels.FUNCTION_NAMESPACE).asText()).isEqualTo(greeterFunction.namespace());
            assertThat(labels.path(MetricLabels.FUNCTION).asText()).isEqualTo(greeterFunction.name());
            assertThat(labels.path("namespace").asText()).isEqualTo(greeterFunction.namespace());
            assertThat(labels.has("exported_namespace")).isFalse();
        });
    }

    @Test
    void everyDashboardQueryOverHostSeriesReturnsSeries() throws Exception {
        Set<String> host = hostSeries();
        Set<String> queries = MonitoringPack.dashboardQueries().stream()
                .filter(q -> host.containsAll(MonitoringPack.seriesNames(q)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        // rates need two scrapes inside their window
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(prometheus.empty(queries))
                        .as("dashboard queries with no series")
                        .isEmpty());
    }
}
