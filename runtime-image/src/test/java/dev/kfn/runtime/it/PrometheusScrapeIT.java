package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FreePorts;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.Http;
import dev.kfn.testsupport.MonitoringPack;
import dev.kfn.testsupport.TestTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's prometheus package) scrapes two real runtime hosts, one succeeding and one failing
 * into its dead-letter queue, as the chart's PodMonitor would (honorLabels); then every series the alert rules
 * select from hosts, and every dashboard query over host series, returns something: the pack's names are the
 * names on the wire.
 */
class PrometheusScrapeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TestTopology topology;
    private static Messages messages;
    private static HostProcess greeter;
    private static HostProcess failing;
    private static Process prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void start() throws Exception {
        topology = new TestTopology("rt-prom");
        messages = new Messages(topology.channel());
        FunctionId greeterFunction = topology.function("greeter");
        FunctionId failingFunction = topology.function("failing");
        greeter =
                TestHosts.java(greeterFunction, "dev.kfn.testfunctions.Greeter").start();
        failing = TestHosts.java(failingFunction, "dev.kfn.testfunctions.Plain::fail")
                .env("KFN_MAX_RETRIES", 1)
                .env("KFN_RETRY_DELAYS", "200ms")
                .start();
        greeter.awaitReady();
        failing.awaitReady();
        prometheus = startPrometheus();
        for (int i = 0; i < 3; i++) {
            messages.event(greeterFunction, "{\"name\":\"Eve\"}");
            messages.event(failingFunction, "{\"reason\":\"always\"}");
        }
        messages.call(greeterFunction, "{\"name\":\"Bob\"}", Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> failing.metric("kfn_dead_letters_total", "") == 3.0);
    }

    private static Process startPrometheus() throws IOException {
        prometheusPort = FreePorts.next();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: kfn-functions
                    honor_labels: true
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["%s"]
                        labels: {pod: greeter-1}
                      - targets: ["%s"]
                        labels: {pod: failing-1}
                """.formatted(greeter.scrapeTarget(), failing.scrapeTarget()));
        Process process;
        try {
            process = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is missing: apt-get install prometheus", e);
        }
        Http.awaitStatus(
                URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready"),
                200,
                Duration.ofSeconds(30),
                () -> !process.isAlive(),
                "Prometheus");
        return process;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
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

    private static JsonNode query(String promql) throws Exception {
        String url = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        JsonNode answer = JSON.readTree(Http.get(URI.create(url)));
        assertThat(answer.path("status").asText()).as("%s: %s", promql, answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static List<String> empty(Set<String> queries) throws Exception {
        List<String> empty = new ArrayList<>();
        for (String q : queries) {
            if (query(q).isEmpty()) {
                empty.add(q);
            }
        }
        return empty;
    }

    @Test
    void everyHostSeriesTheAlertsSelectIsScraped() throws Exception {
        Set<String> host = hostSeries();
        Set<String> selectors = new LinkedHashSet<>();
        for (JsonNode rule : MonitoringPack.rules()) {
            for (String selector : MonitoringPack.selectors(rule.path("expr").asText())) {
                if (host.containsAll(MonitoringPack.seriesNames(selector))) {
                    selectors.add(selector);
                }
            }
        }
        assertThat(selectors)
                .as("host series the alerts read")
                .anySatisfy(s -> assertThat(s).startsWith("kfn_async_event_age_seconds_bucket"))
                .anySatisfy(s -> assertThat(s).startsWith("kfn_dead_letters_total"))
                .anySatisfy(s -> assertThat(s).startsWith("kfn_init_duration_seconds"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(empty(selectors))
                        .as("selectors with no series")
                        .isEmpty());
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
                .untilAsserted(() -> assertThat(empty(queries))
                        .as("dashboard queries with no series")
                        .isEmpty());
    }
}
