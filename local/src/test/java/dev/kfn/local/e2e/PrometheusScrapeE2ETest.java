package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.testsupport.MonitoringPack;
import dev.kfn.testsupport.PrometheusServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's prometheus package) scrapes the whole of kfn local — its gateway, its operator and
 * every function instance, found as the chart's ServiceMonitor and PodMonitor find them and with no honor_labels —
 * after functions took synchronous calls, an event, a function error and throttled calls; then every query of the
 * dashboard and every series the alert rules select returns series: the pack's names are the names on the wire.
 */
class PrometheusScrapeE2ETest {

    private static final Path WORK = Path.of("target/e2e-prometheus").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Longer than the test: an instance scaled away would take its series with it. */
    private static final String KEEP_WARM = "10m";

    private static final List<String> FUNCTIONS = List.of("busy", "narrow", "failing", "reader");
    private static final String STREAM = "page-views";

    private static LocalRun run;
    private static PrometheusServer prometheus;
    private static int targets;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(WORK);
        run = LocalRun.start(WORK, Map.of());
        Path busy = run.effects("busy");
        run.createRecord("busy", busy, spec -> spec.getScaling().setScaleToZeroAfter(KEEP_WARM));
        run.createRecord("narrow", run.effects("narrow"), spec -> {
            spec.getConcurrency().setReserved(1);
            spec.getConcurrency().setMaxQueued(1);
            spec.getScaling().setScaleToZeroAfter(KEEP_WARM);
        });
        run.create(
                "failing",
                "e2e.handlers.Fail::handleRequest",
                spec -> spec.getScaling().setScaleToZeroAfter(KEEP_WARM));

        for (int i = 0; i < 5; i++) {
            assertThat(run.invoke("busy", "{\"id\":\"sync-" + i + "\"}").get().statusCode())
                    .isEqualTo(200);
        }
        assertThat(run.invokeAsync("busy", "{\"id\":\"event-1\"}").get().statusCode())
                .isEqualTo(202);
        assertThat(run.invoke("failing", "{}").get().headers().firstValue("X-Amz-Function-Error"))
                .contains("Unhandled");
        // a queue of one at zero instances: the first call waits in it, the others are refused
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 4)
                .mapToObj(i -> run.invoke("narrow", "{\"id\":\"narrow-" + i + "\",\"sleepMs\":500}"))
                .toList();
        assertThat(calls.stream().map(c -> c.join().statusCode())).contains(200, 429);
        await().atMost(WAIT).until(() -> Files.exists(busy.resolve("event-1")));
        readAStream();

        // a directory of its own each run: no series of an earlier run can answer a query
        Path dir = Files.createTempDirectory(WORK, "prometheus-");
        targets = writeTargets(dir.resolve("targets.json"));
        prometheus = PrometheusServer.start(dir, """
                  - job_name: kfn
                    metrics_path: /q/metrics
                    file_sd_configs:
                      - files: ["%s"]
                """.formatted(dir.resolve("targets.json")));
    }

    /** A record through a stream trigger, so the gateway exports the iterator age the dashboard and an alert read. */
    private static void readAStream() throws Exception {
        run.createStream(STREAM, 1);
        Path read = run.effects("reader");
        run.createRecord("reader", read, fn -> {
            StreamTrigger trigger = new StreamTrigger();
            trigger.setName(STREAM);
            trigger.setStartingPosition("TRIM_HORIZON");
            Trigger kind = new Trigger();
            kind.setStream(trigger);
            fn.setTriggers(List.of(kind));
            fn.getScaling().setScaleToZeroAfter(KEEP_WARM);
        });
        // the gateway takes puts once it knows the Stream
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(run.putRecords(STREAM, "k", List.of("{\"id\":\"click-1\"}"))
                                .statusCode())
                        .isEqualTo(200));
        await().atMost(WAIT).until(() -> LocalRun.count(read, "") > 0);
    }

    /**
     * The targets the chart's monitors would find, with the labels Prometheus gives them: the gateway and the
     * operator, and each instance at its Pod's {@code podIP:hostPort}. Returns how many.
     */
    private static int writeTargets(Path file) throws IOException {
        ArrayNode groups = JSON.createArrayNode();
        URI gateway = URI.create(run.gateway());
        URI operator = URI.create(run.operator());
        target(groups, gateway.getHost() + ":" + gateway.getPort(), "gateway");
        target(groups, operator.getHost() + ":" + operator.getPort(), "operator");
        List<Pod> pods = await().atMost(WAIT)
                .until(
                        () -> run.client()
                                .pods()
                                .inNamespace(LocalRun.NAMESPACE)
                                .list()
                                .getItems(),
                        list -> list.size() >= FUNCTIONS.size()
                                && list.stream()
                                        .allMatch(p -> p.getStatus() != null
                                                && p.getStatus().getPodIP() != null));
        for (Pod pod : pods) {
            for (Container container : pod.getSpec().getContainers()) {
                for (ContainerPort port : container.getPorts()) {
                    if (port.getContainerPort() == HostEnvironment.HTTP_PORT) {
                        target(
                                groups,
                                pod.getStatus().getPodIP() + ":" + port.getHostPort(),
                                pod.getMetadata().getName());
                    }
                }
            }
        }
        Files.writeString(file, JSON.writeValueAsString(groups));
        return groups.size();
    }

    private static void target(ArrayNode groups, String address, String pod) {
        ObjectNode group = groups.addObject();
        group.putArray("targets").add(address);
        group.putObject("labels").put("namespace", LocalRun.NAMESPACE).put("pod", pod);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (run != null) {
            run.close();
        }
    }

    @Test
    void everyPartOfKfnLocalIsScraped() {
        assertThat(targets)
                .as("gateway, operator and an instance or more per function")
                .isGreaterThanOrEqualTo(2 + FUNCTIONS.size());
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode up = prometheus.query("up == 1");
            assertThat(up).as("targets up: %s", up).hasSize(targets);
        });
    }

    @Test
    void everyDashboardQueryReturnsSeries() {
        Set<String> queries = new LinkedHashSet<>(MonitoringPack.dashboardQueries());
        for (JsonNode variable : MonitoringPack.dashboard().path("templating").path("list")) {
            // label_values(selector, label) is Grafana's: what must return series is its selector
            MonitoringPack.selectors(variable.path("query").path("query").asText()).stream()
                    .map(s -> s.replace("$namespace", ".*"))
                    .forEach(queries::add);
        }
        // rates need two scrapes inside their window
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(prometheus.empty(queries))
                        .as("dashboard queries with no series")
                        .isEmpty());
    }

    @Test
    void everySeriesTheAlertsSelectIsScraped() {
        Set<String> selectors = MonitoringPack.alertSelectors();
        assertThat(selectors).anySatisfy(s -> assertThat(s).contains("status=\"429\""));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(prometheus.empty(selectors))
                        .as("alert selectors with no series")
                        .isEmpty());
    }

    /** The functions' namespace label is no target's: a scrape without honor_labels renames nothing. */
    @Test
    void noSeriesIsRenamed() throws Exception {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(prometheus.query("kfn_function_ready_instances"))
                        .hasSize(FUNCTIONS.size()));
        assertThat(prometheus.query("{exported_namespace=~\".+\"}")).isEmpty();
    }
}
