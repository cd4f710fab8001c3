package dev.kfn.local.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kfn.local.HostJdk;
import dev.kfn.local.InstanceJvm;
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
    private final NoopCaller caller = NoopCaller.http11();

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
            List<Map<String, Double>> runs = ColdStartRuns.measure(run, local, RUNS, caller::post);
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
}
