package dev.kfn.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart's monitoring pack as its tests read it: the alert rules' expressions and the dashboard's queries, the
 * latter with Grafana's variables filled in as Grafana would, so Prometheus can run them.
 */
public final class MonitoringPack {

    public static final Path DIRECTORY = Chart.DIRECTORY.resolve("monitoring");
    public static final Path RULES = DIRECTORY.resolve("rules.yaml");
    public static final Path RULE_TESTS = DIRECTORY.resolve("rules.test.yaml");
    public static final Path DASHBOARD = DIRECTORY.resolve("dashboard.json");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A kfn series with its label matchers, if any: what Prometheus must hold for a query to see anything. */
    private static final Pattern SELECTOR = Pattern.compile("(kfn_[a-z0-9_]+)(\\{[^}]*})?");

    private MonitoringPack() {}

    /** Every rule of rules.yaml, as Jackson reads it. */
    public static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : read(YAML, RULES).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    public static JsonNode dashboard() {
        return read(JSON, DASHBOARD);
    }

    /** Every panel's query, variables filled in: all namespaces and functions, Lambda's prices, a 1 h range. */
    public static List<String> dashboardQueries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr")
                        .asText()
                        .replace("$__rate_interval", "1m")
                        .replace("$__range", "1h")
                        .replace("$namespace", ".*")
                        .replace("$function", ".*")
                        .replace("$price_per_gb_second", "0.0000166667")
                        .replace("$price_per_million_requests", "0.20"));
            }
        }
        return queries;
    }

    /** The vector selectors of kfn series in a query, e.g. {@code kfn_invocations_total{result=~"error|timeout"}}. */
    public static Set<String> selectors(String query) {
        Set<String> selectors = new LinkedHashSet<>();
        Matcher m = SELECTOR.matcher(query);
        while (m.find()) {
            selectors.add(m.group());
        }
        return selectors;
    }

    /**
     * The vector selectors of every alert rule: an alert's expression is a condition, empty while all is well, so
     * what must return series is what it selects.
     */
    public static Set<String> alertSelectors() {
        Set<String> selectors = new LinkedHashSet<>();
        rules().forEach(r -> selectors.addAll(selectors(r.path("expr").asText())));
        return selectors;
    }

    /** The kfn series names a query reads. */
    public static Set<String> seriesNames(String query) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = SELECTOR.matcher(query);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
