package dev.kfn.local.e2e;

import static org.awaitility.Awaitility.await;

import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What an HTTP route adds to the Invoke API (never a timed test): the same warm noop handler called through its
 * route ({@code POST /default/noop}, payload 2.0 event in, the echoed event back as a 200) and through the Invoke
 * API, interleaved call by call in each closed-loop caller so both paths see the same machine at the same moment.
 * Run: see docs/performance.md. Writes target/benchmark/http-route.md.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "http-route")
class HttpRouteBenchmark {

    private static final int[] CALLERS = {1, 16};
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final byte[] PAYLOAD = "{\"hello\":\"kfn\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8))
            .build();

    @Test
    void measure() throws Exception {
        Path work = Path.of("target/benchmark").toAbsolutePath();
        StringBuilder report = new StringBuilder();
        try (LocalRun run = LocalRun.start(work.resolve("local-http"), Map.of())) {
            run.create("noop", "e2e.handlers.Noop::handleRequest", spec -> {
                spec.getConcurrency().setPerInstance(64);
                spec.getConcurrency().setProvisioned(64);
                spec.setMemory("512Mi");
                HttpTrigger route = new HttpTrigger();
                route.setRoutes(List.of("POST /noop"));
                route.setAuth("none");
                Trigger trigger = new Trigger();
                trigger.setHttp(route);
                spec.setTriggers(List.of(trigger));
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> run.readyReplicas("noop") == 1);
            URI invoke = run.invokeUri("noop");
            URI route = URI.create(run.gateway() + "/" + LocalRun.NAMESPACE + "/noop");
            // the route answers once the gateway's informer has the trigger
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                post(route);
                return true;
            });

            report.append("| callers | path | calls | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
            StringBuilder ratios = new StringBuilder(
                    "\n| callers | route p50 ÷ invoke p50 | route p99 ÷ invoke p99 |\n|---|---|---|\n");
            for (int callers : CALLERS) {
                interleaved(callers, WARMUP, invoke, route);
                Sample[] both = interleaved(callers, RUN, invoke, route);
                for (Sample sample : both) {
                    report.append(String.format(
                            "| %d | %s | %d | %.2f | %.2f | %d |%n",
                            callers, sample.path(), sample.calls(), sample.p50(), sample.p99(), sample.errors()));
                }
                ratios.append(String.format(
                        "| %d | %.3f | %.3f |%n",
                        callers, both[1].p50() / both[0].p50(), both[1].p99() / both[0].p99()));
            }
            report.append(ratios);
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve("http-route.md"), report);
        System.out.println(report);
    }

    private record Sample(String path, long calls, long errors, double p50, double p99) {}

    /** Each caller alternates an Invoke API call and a route call, as fast as answers come. */
    private Sample[] interleaved(int callers, Duration duration, URI invoke, URI route) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            boolean routeFirst = i % 2 == 1;
            Callable<long[][]> caller = () -> {
                long[][] samples = {new long[1024], new long[1024]};
                int[] n = {1, 1};
                long[] errors = {0, 0};
                int turn = routeFirst ? 1 : 0;
                while (System.nanoTime() < end) {
                    URI uri = turn == 0 ? invoke : route;
                    long t0 = System.nanoTime();
                    try {
                        post(uri);
                        if (n[turn] == samples[turn].length) {
                            samples[turn] = Arrays.copyOf(samples[turn], n[turn] * 2);
                        }
                        samples[turn][n[turn]++] = System.nanoTime() - t0;
                    } catch (Exception e) {
                        errors[turn]++;
                    }
                    turn = 1 - turn;
                }
                for (int p = 0; p < 2; p++) {
                    samples[p][0] = errors[p];
                    samples[p] = Arrays.copyOf(samples[p], n[p]);
                }
                return samples;
            };
            futures.add(pool.submit(caller));
        }
        List<long[][]> perCaller = new ArrayList<>();
        for (Future<long[][]> future : futures) {
            perCaller.add(future.get());
        }
        pool.shutdown();
        return new Sample[] {
            sample("Invoke API (POST /functions/default/noop)", perCaller, 0),
            sample("HTTP route (POST /default/noop)", perCaller, 1)
        };
    }

    private static Sample sample(String path, List<long[][]> perCaller, int which) {
        long errors = perCaller.stream().mapToLong(c -> c[which][0]).sum();
        long[] all = perCaller.stream()
                .flatMapToLong(c -> Arrays.stream(c[which], 1, c[which].length))
                .sorted()
                .toArray();
        return new Sample(path, all.length, errors, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private void post(URI uri) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(PAYLOAD))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200
                || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
    }
}
