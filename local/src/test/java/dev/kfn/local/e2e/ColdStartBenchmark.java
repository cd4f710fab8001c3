package dev.kfn.local.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kfn.local.HostJdk;
import dev.kfn.local.InstanceJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cold-start part of {@link PlatformBenchmark} alone (never a timed test), for comparing settings of the instances'
 * JVM: {@code KFN_HOST_JAVA} and {@code KFN_HOST_CLASS_CACHE} are taken from this process's environment. With the
 * class cache on, measures only once its training has written it. Run: see docs/performance.md. Writes
 * target/benchmark/cold-start.{md,json}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "cold")
class ColdStartBenchmark {

    private static final int RUNS = 20;
    private static final byte[] PAYLOAD = "{\"hello\":\"kfn\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void measure() throws Exception {
        Path work = Path.of("target/benchmark").toAbsolutePath();
        Map<String, String> env = new HashMap<>();
        for (String name : List.of(HostJdk.OVERRIDE, "KFN_HOST_CLASS_CACHE")) {
            if (System.getenv(name) != null) {
                env.put(name, System.getenv(name));
            }
        }
        Path local = work.resolve("local-cold");
        try (LocalRun run = LocalRun.start(local, env)) {
            InstanceJvm jvm = run.instanceJvm();
            if (!"false".equals(env.get("KFN_HOST_CLASS_CACHE"))) {
                await().atMost(Duration.ofMinutes(3))
                        .until(() -> jvm.classCache().isPresent());
            }
            String setting = setting(jvm);
            List<Map<String, Double>> runs = ColdStartRuns.measure(run, local, RUNS, this::post);
            String report = ColdStartRuns.report(runs, setting);
            Files.createDirectories(work);
            Files.writeString(work.resolve("cold-start.md"), report);
            Files.writeString(
                    work.resolve("cold-start.json"),
                    new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(Map.of("coldStart", ColdStartRuns.json(runs, setting))));
            System.out.println(report);
        }
    }

    static String setting(InstanceJvm jvm) throws Exception {
        return "Instances on Java " + jvm.jdk().version() + " (" + jvm.jdk().home() + "), "
                + jvm.classCache().map(c -> "class cache " + c.getFileName()).orElse("no class cache")
                + "; load average before the runs: "
                + Files.readString(Path.of("/proc/loadavg")).trim() + ".";
    }

    private void post(URI uri) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(PAYLOAD))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200
                || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            throw new IllegalStateException("answered " + response.statusCode());
        }
    }
}
