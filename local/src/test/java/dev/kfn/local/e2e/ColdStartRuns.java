package dev.kfn.local.e2e;

import dev.kfn.api.Function;
import dev.kfn.contract.PodLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cold starts through kfn local, each step of the path timed from what the parts already record: the Deployment's
 * replicas as the API sees them written, the Pod's start time (the node agent's process start), and the host's own
 * log lines (its first, handler initialised, connected, consuming the sync queue; Quarkus's own "started" line
 * comes after the first answer, off the path); the first and last steps are the
 * caller's request and its answer.
 */
final class ColdStartRuns {

    /** The steps of the cold path, in order; each run has the time of each since the request, where seen. */
    static final List<String> STEPS = List.of(
            "replicas written",
            "process started",
            "host's first log line (JVM and Quarkus up, code unpacked)",
            "handler initialised",
            "connected to the broker",
            "consuming the sync queue",
            "answer at the caller");

    /** The host's log lines begin so; the Lambda-style START/END/REPORT lines do not. */
    private static final Pattern TIMESTAMPED = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

    interface Invoke {
        void post(URI uri) throws Exception;
    }

    private ColdStartRuns() {}

    /** {@code count} functions created at zero and invoked once each; the ms of each step of each run. */
    static List<Map<String, Double>> measure(LocalRun run, Path work, int count, Invoke invoke) throws Exception {
        List<Map<String, Double>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "cold" + i;
            forgetLogs(work.resolve("logs"), name);
            run.create(name, "e2e.handlers.Noop::handleRequest", spec -> {});
            AtomicReference<Instant> replicasWritten = new AtomicReference<>();
            try (Watch watch = run.client()
                    .apps()
                    .deployments()
                    .inNamespace(LocalRun.NAMESPACE)
                    .withName(name)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, Deployment deployment) {
                            Integer replicas = deployment.getSpec().getReplicas();
                            if (replicas != null && replicas > 0) {
                                replicasWritten.compareAndSet(null, Instant.now());
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {}
                    })) {
                Instant sent = Instant.now();
                invoke.post(run.invokeUri(name));
                Instant answered = Instant.now();
                Map<String, Double> steps = new LinkedHashMap<>();
                steps.put(STEPS.get(0), since(sent, replicasWritten.get()));
                Optional<Pod> pod = run
                        .client()
                        .pods()
                        .inNamespace(LocalRun.NAMESPACE)
                        .withLabel(PodLabels.FUNCTION, name)
                        .list()
                        .getItems()
                        .stream()
                        .findFirst();
                steps.put(
                        STEPS.get(1),
                        pod.map(p -> since(sent, Instant.parse(p.getStatus().getStartTime())))
                                .orElse(null));
                Optional<Path> log = pod.map(p -> work.resolve("logs")
                        .resolve(LocalRun.NAMESPACE + "." + p.getMetadata().getName() + ".log"));
                steps.put(STEPS.get(2), logged(log, "", sent));
                steps.put(STEPS.get(3), logged(log, "Handler initialised", sent));
                steps.put(STEPS.get(4), logged(log, "Connected to", sent));
                steps.put(STEPS.get(5), logged(log, "Consuming ", sent));
                steps.put(STEPS.get(6), since(sent, answered));
                runs.add(steps);
            }
            run.client()
                    .resources(Function.class)
                    .inNamespace(LocalRun.NAMESPACE)
                    .withName(name)
                    .delete();
        }
        return runs;
    }

    /** An earlier run's logs of the same pod names: the instance appends to them. */
    private static void forgetLogs(Path logs, String function) throws IOException {
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.filter(
                                f -> f.getFileName().toString().startsWith(LocalRun.NAMESPACE + "." + function + "-"))
                        .toList()) {
                    Files.delete(log);
                }
            }
        }
    }

    private static Double since(Instant sent, Instant at) {
        return at == null ? null : Duration.between(sent, at).toNanos() / 1e6;
    }

    /** The time of the host's first log line containing {@code text} (the log says HH:mm:ss.SSS, in UTC). */
    private static Double logged(Optional<Path> log, String text, Instant sent) throws IOException {
        if (log.isEmpty() || !Files.exists(log.get())) {
            return null;
        }
        return Files.readAllLines(log.get()).stream()
                .filter(line -> TIMESTAMPED.matcher(line).lookingAt() && line.contains(text))
                .findFirst()
                .map(line -> LocalTime.parse(line.substring(0, 12)))
                .map(time ->
                        time.atDate(LocalDate.ofInstant(sent, ZoneOffset.UTC)).toInstant(ZoneOffset.UTC))
                .map(at -> since(sent, at))
                .orElse(null);
    }

    /** The Markdown section: percentiles of the whole start, then the p50 of each step and of the gap before it. */
    static String report(List<Map<String, Double>> runs, String setting) {
        StringBuilder md = new StringBuilder();
        List<Double> total = values(runs, STEPS.get(STEPS.size() - 1));
        md.append("\n## Cold start: a function at zero, first synchronous call through the gateway\n\n")
                .append(setting)
                .append("\n\n")
                .append(String.format(
                        "%d runs: min %.0f ms, p50 %.0f ms, p90 %.0f ms, max %.0f ms.%n%n",
                        total.size(),
                        percentile(total, 0),
                        percentile(total, 50),
                        percentile(total, 90),
                        percentile(total, 100)))
                .append("| step | p50 ms since the request | p50 ms since the step before | runs with it |\n")
                .append("|---|---|---|---|\n");
        String previous = null;
        for (String step : STEPS) {
            List<Double> at = values(runs, step);
            String gap = "";
            if (previous != null) {
                String before = previous;
                List<Double> gaps = runs.stream()
                        .filter(r -> r.get(step) != null && r.get(before) != null)
                        .map(r -> r.get(step) - r.get(before))
                        .sorted()
                        .toList();
                gap = gaps.isEmpty() ? "–" : String.format("%.0f", percentile(gaps, 50));
            }
            md.append(String.format(
                    "| %s | %s | %s | %d |%n",
                    step,
                    at.isEmpty() ? "–" : String.format("%.0f", percentile(at, 50)),
                    previous == null ? "–" : gap,
                    at.size()));
            previous = step;
        }
        return md.toString();
    }

    /** The JSON shape: every run's steps, and the percentiles of the whole start. */
    static Map<String, Object> json(List<Map<String, Double>> runs, String setting) {
        List<Double> total = values(runs, STEPS.get(STEPS.size() - 1));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("setting", setting);
        json.put("runs", runs);
        json.put(
                "totalMs",
                Map.of(
                        "min", percentile(total, 0),
                        "p50", percentile(total, 50),
                        "p90", percentile(total, 90),
                        "max", percentile(total, 100)));
        return json;
    }

    private static List<Double> values(List<Map<String, Double>> runs, String step) {
        return runs.stream()
                .map(r -> r.get(step))
                .filter(v -> v != null)
                .sorted()
                .toList();
    }

    /** Nearest rank; 0 is the minimum, 100 the maximum. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = Math.max(1, (int) Math.ceil(sorted.size() * p / 100.0));
        return sorted.get(rank - 1);
    }
}
