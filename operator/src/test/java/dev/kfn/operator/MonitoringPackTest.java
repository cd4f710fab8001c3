package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.MetricLabels;
import dev.kfn.testsupport.Chart;
import dev.kfn.testsupport.MonitoringPack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring pack: alert rules that promtool checks and unit-tests, a Grafana dashboard of valid PromQL, both
 * querying only the series kfn exports ({@link KfnMetric}), and the chart objects that ship them.
 */
class MonitoringPackTest {

    private static final Path PACK = MonitoringPack.DIRECTORY;
    private static final Path RULES = MonitoringPack.RULES;
    private static final Path RULE_TESTS = MonitoringPack.RULE_TESTS;
    private static final Path DASHBOARD = MonitoringPack.DASHBOARD;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The real promtool of Debian's prometheus package, which .ci/run installs. */
    private static String promtool(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(Arrays.asList(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing: apt-get install prometheus", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("promtool %s:%n%s", String.join(" ", args), output)
                .isZero();
        return output;
    }

    private static Set<String> exported() {
        return Arrays.stream(KfnMetric.values())
                .flatMap(m -> m.series().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonNode> alertRules() {
        return MonitoringPack.rules();
    }

    @Test
    void promtoolChecksTheRules() throws Exception {
        assertThat(promtool(PACK, "check", "rules", RULES.getFileName().toString()))
                .contains("SUCCESS: " + alertRules().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        assertThat(promtool(PACK, "test", "rules", RULE_TESTS.getFileName().toString()))
                .contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatSeesItFire() throws IOException {
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode case_ : test.path("alert_rule_test")) {
                if (!case_.path("exp_alerts").isEmpty()) {
                    firing.add(case_.path("alertname").asText());
                }
            }
        }
        assertThat(firing)
                .containsExactlyInAnyOrderElementsOf(
                        alertRules().stream().map(r -> r.path("alert").asText()).toList());
    }

    @Test
    void theAlertsCoverLambdasSetAndThePlatform() throws IOException {
        assertThat(alertRules().stream().map(r -> r.path("alert").asText()))
                .contains(
                        "KfnFunctionErrorRate",
                        "KfnFunctionThrottled",
                        "KfnDeadLetterQueueGrowing",
                        "KfnAsyncEventAgeHigh",
                        "KfnIteratorAgeHigh",
                        "KfnFunctionDurationHigh",
                        "KfnColdStartRateHigh",
                        "KfnInitDurationHigh",
                        "KfnAutoscalerStalled",
                        "KfnAutoscalerDemandUnreadable",
                        "KfnReconcileErrors",
                        "KfnBrokerUnreachable");
        assertThat(alertRules()).allSatisfy(r -> {
            assertThat(r.path("labels").path("severity").asText()).isIn("critical", "warning", "info");
            assertThat(r.path("annotations").path("summary").asText()).isNotBlank();
        });
    }

    /** A renamed meter breaks this test, not an alert nobody sees fire. */
    @Test
    void rulesAndDashboardQueryOnlySeriesKfnExports() {
        Set<String> exported = exported();
        List<String> queries = new ArrayList<>();
        alertRules().forEach(r -> queries.add(r.path("expr").asText()));
        queries.addAll(MonitoringPack.dashboardQueries());
        for (JsonNode variable : MonitoringPack.dashboard().path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variable.path("query").path("query").asText());
            }
        }
        assertThat(queries)
                .allSatisfy(q -> assertThat(MonitoringPack.seriesNames(q))
                        .as("kfn series in %s", q)
                        .isNotEmpty()
                        .isSubsetOf(exported));
    }

    /**
     * A function is named by the contract's labels in every query, legend and alert summary: a label called
     * {@code namespace} is the scraped target's (kfn's own namespace on the gateway's and the operator's series).
     */
    @Test
    void functionsAreNamedByTheContractsLabels() {
        Pattern targetNamespace = Pattern.compile("(?<![\\w$])namespace(?!\\w)");
        Pattern grouping = Pattern.compile("by \\(([^)]*)\\)");
        List<String> texts = new ArrayList<>(MonitoringPack.dashboardQueries());
        for (JsonNode rule : alertRules()) {
            texts.add(rule.path("expr").asText());
            texts.add(rule.path("annotations").path("summary").asText());
        }
        for (JsonNode panel : MonitoringPack.dashboard().path("panels")) {
            panel.path("targets").forEach(t -> texts.add(t.path("legendFormat").asText()));
        }
        for (JsonNode variable : MonitoringPack.dashboard().path("templating").path("list")) {
            texts.add(variable.path("query").path("query").asText());
        }
        assertThat(texts).noneMatch(t -> targetNamespace.matcher(t).find());
        List<String> groupings = texts.stream()
                .flatMap(t -> grouping.matcher(t).results().map(m -> m.group(1)))
                .filter(labels -> List.of(labels.split(",\\s*")).contains(MetricLabels.FUNCTION))
                .toList();
        assertThat(groupings)
                .hasSizeGreaterThan(10)
                .allSatisfy(labels -> assertThat(labels).startsWith(MetricLabels.FUNCTION_NAMESPACE + ", "));
    }

    /** Registered with the builder its type names (as the modules do), every meter scrapes under exactly the names KfnMetric lists. */
    @Test
    void prometheusNamesAreTheOnesMicrometerWrites() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (KfnMetric metric : KfnMetric.values()) {
            register(registry, metric);
        }
        Set<String> scraped = registry.scrape()
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(scraped).isEqualTo(exported());
    }

    private static void register(PrometheusMeterRegistry registry, KfnMetric metric) {
        String probe = metric.meterName();
        switch (metric.type()) {
            case COUNTER -> Counter.builder(probe).register(registry).increment();
            case GAUGE ->
                Gauge.builder(probe, new AtomicLong(1), AtomicLong::get).register(registry);
            case TIME_GAUGE ->
                registry.more()
                        .timeGauge(probe, List.of(), new AtomicLong(5), TimeUnit.MILLISECONDS, AtomicLong::doubleValue);
            case TIMER -> Timer.builder(probe).register(registry).record(Duration.ofMillis(5));
            case HISTOGRAM ->
                Timer.builder(probe)
                        .serviceLevelObjectives(Duration.ofMillis(10))
                        .register(registry)
                        .record(Duration.ofMillis(5));
        }
    }

    /** Every query of the dashboard is PromQL promtool parses, once Grafana's variables are filled in. */
    @Test
    void dashboardQueriesParse(@TempDir Path dir) throws Exception {
        ArrayNode rules = JSON.createArrayNode();
        int n = 0;
        for (String query : MonitoringPack.dashboardQueries()) {
            assertThat(query).doesNotContain("$");
            ObjectNode rule = rules.addObject();
            rule.put("record", "kfn:dashboard_query_" + ++n);
            rule.put("expr", query);
        }
        ObjectNode file = YAML.createObjectNode();
        ObjectNode group = file.putArray("groups").addObject();
        group.put("name", "dashboard");
        group.set("rules", rules);
        YAML.writeValue(dir.resolve("dashboard-queries.yaml").toFile(), file);
        assertThat(promtool(dir, "check", "rules", "dashboard-queries.yaml")).contains("SUCCESS: " + n + " rules");
    }

    @Test
    void dashboardShowsEveryFigureWithPriceVariables() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("kfn-functions");
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
        List<JsonNode> panels = StreamSupport.stream(dashboard.path("panels").spliterator(), false)
                .toList();
        assertThat(panels.stream().map(p -> p.path("id").asInt()).distinct()).hasSize(panels.size());
        assertThat(panels).allSatisfy(p -> {
            assertThat(p.path("type").asText()).isIn("row", "timeseries", "stat");
            assertThat(p.path("gridPos").path("w").asInt()).isBetween(1, 24);
            assertThat(p.path("gridPos").path("h").asInt()).isPositive();
            for (JsonNode target : p.path("targets")) {
                assertThat(target.path("refId").asText()).isNotBlank();
                assertThat(target.path("expr").asText()).isNotBlank();
            }
        });
        assertThat(panels.stream().map(p -> p.path("title").asText()))
                .contains(
                        "Invocations",
                        "Errors",
                        "Throttles",
                        "Duration",
                        "Concurrent executions",
                        "Instances",
                        "Queue depth",
                        "Cold starts",
                        "Init duration",
                        "Async event age",
                        "Dead-letter queue depth",
                        "GB-seconds",
                        "Estimated cost in range");
        Set<String> variables = new LinkedHashSet<>();
        dashboard
                .path("templating")
                .path("list")
                .forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables)
                .contains("datasource", "namespace", "function", "price_per_gb_second", "price_per_million_requests");
        String cost = panels.stream()
                .filter(p -> p.path("title").asText().equals("Estimated cost in range"))
                .findFirst()
                .orElseThrow()
                .path("targets")
                .get(0)
                .path("expr")
                .asText();
        assertThat(cost).contains("$price_per_gb_second", "$price_per_million_requests");
    }

    @Test
    void theChartShipsTheRulesTheDashboardAndMonitorsThatKeepTheTargetsLabels() throws IOException {
        List<HasMetadata> rendered = Chart.render(
                "monitoring.serviceMonitor.enabled=true",
                "monitoring.podMonitor.enabled=true",
                "monitoring.prometheusRule.enabled=true",
                "monitoring.dashboard.enabled=true",
                "monitoring.dashboard.namespace=grafana",
                "monitoring.prometheusRule.labels.release=prometheus");
        Map<String, GenericKubernetesResource> byKind = rendered.stream()
                .filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast)
                .collect(Collectors.toMap(HasMetadata::getKind, r -> r));
        assertThat(byKind).containsOnlyKeys("ServiceMonitor", "PodMonitor", "PrometheusRule");

        GenericKubernetesResource rule = byKind.get("PrometheusRule");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
        JsonNode shipped = JSON.valueToTree(rule.getAdditionalProperties().get("spec"));
        assertThat(shipped.path("groups"))
                .isEqualTo(YAML.readTree(RULES.toFile()).path("groups"));

        for (String kind : List.of("ServiceMonitor", "PodMonitor")) {
            JsonNode spec =
                    JSON.valueToTree(byKind.get(kind).getAdditionalProperties().get("spec"));
            JsonNode endpoints = spec.has("endpoints") ? spec.path("endpoints") : spec.path("podMetricsEndpoints");
            assertThat(endpoints).singleElement().satisfies(e -> {
                // no label of a kfn series collides with a target's: Prometheus's own labels win, none is renamed
                assertThat(e.has("honorLabels")).isFalse();
                assertThat(e.path("path").asText()).isEqualTo("/q/metrics");
                assertThat(e.path("port").asText()).isEqualTo("http");
            });
        }
        JsonNode podMonitor = JSON.valueToTree(
                byKind.get("PodMonitor").getAdditionalProperties().get("spec"));
        assertThat(podMonitor.path("namespaceSelector").path("any").asBoolean()).isTrue();
        assertThat(JSON.convertValue(podMonitor.path("selector").path("matchLabels"), Map.class))
                .isEqualTo(Map.of(Labels.MANAGED_BY, "kfn", Labels.COMPONENT, "function"));

        ConfigMap dashboard = rendered.stream()
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("grafana");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(JSON.readTree(dashboard.getData().get("kfn.json"))).isEqualTo(JSON.readTree(DASHBOARD.toFile()));
    }
}
