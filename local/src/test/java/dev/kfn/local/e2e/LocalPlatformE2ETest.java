package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.local.HostLaunch;
import dev.kfn.local.LocalPlatform;
import dev.kfn.local.LocalSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path on one machine: the real operator, autoscaler, gateway and runtime hosts, with the
 * real RabbitMQ, driven through the gateway as a user would. Times are written to
 * target/e2e-report.md, never asserted.
 */
class LocalPlatformE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path WORK = Path.of("target/e2e").toAbsolutePath();
    private static final StringBuilder REPORT = new StringBuilder("# End-to-end timings\n\n");

    private static LocalPlatform platform;
    private static KubernetesClient client;
    private static String gateway;
    private static Path handlers;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        int gatewayPort = HostLaunch.freePort();
        Map<String, String> env = Map.of("KFN_LOCAL_DIR", WORK.toString(), "KFN_GATEWAY_PORT", Integer.toString(gatewayPort));
        platform = new LocalPlatform(LocalSettings.from(env, home)).start();
        client = platform.api().client();
        gateway = platform.gatewayUrl().orElseThrow(() -> new IllegalStateException("the gateway is not built"));
        handlers = HandlerJar.build(WORK.resolve("handlers.jar"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (platform != null) {
            platform.close();
        }
        Files.writeString(Path.of("target/e2e-report.md"), REPORT);
    }

    private static Path effects(String name) throws IOException {
        Path dir = WORK.resolve("effects").resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static void create(String name, Path effects, Consumer<FunctionSpec> change) {
        TestFunctions.create(client, handlers, name, "e2e.handlers.Record::handleRequest", spec -> {
            spec.setTimeout("30s");
            spec.setEnv(List.of(new EnvVar("EFFECTS_DIR", effects.toString(), null)));
            change.accept(spec);
        });
    }

    private static int replicas(String name) {
        Deployment d = client.apps().deployments().inNamespace("default").withName(name).get();
        return d == null ? -1 : d.getSpec().getReplicas();
    }

    private static CompletableFuture<HttpResponse<String>> invoke(String name, String body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "/functions/default/" + name))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> invokeAsync(String name, String body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "/2015-03-31/functions/default%2F" + name + "/invocations"))
                .header("X-Amz-Invocation-Type", "Event")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void coldStartAnswersTheFirstInvocationOfAFunctionAtZero() throws Exception {
        Path effects = effects("cold");
        create("cold", effects, spec -> { });
        assertThat(replicas("cold")).isZero();

        long start = System.nanoTime();
        HttpResponse<String> response = invoke("cold", "{\"id\":\"first\"}").get();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("id").asText()).isEqualTo("first");
        assertThat(Files.exists(effects.resolve("first"))).isTrue();
        REPORT.append("- cold start, zero to first response through the gateway: ").append(millis).append(" ms\n");
    }

    @Test
    void aBurstRunsOnExactlyTheReservedInstancesAndAnswersEveryCallOnce() throws Exception {
        Path effects = effects("burst");
        create("burst", effects, spec -> {
            spec.getConcurrency().setPerInstance(1);
            spec.getConcurrency().setReserved(8);
        });
        AtomicInteger peak = new AtomicInteger();
        var watch = client.apps().deployments().inNamespace("default").withName("burst").inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                peak.accumulateAndGet(d.getSpec().getReplicas(), Math::max);
            }

            @Override
            public void onUpdate(Deployment old, Deployment d) {
                peak.accumulateAndGet(d.getSpec().getReplicas(), Math::max);
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
            }
        });
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(invoke("burst", "{\"id\":\"b" + i + "\",\"sleepMs\":200}"));
        }
        Set<String> answered = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            answered.add(JSON.readTree(response.body()).path("id").asText());
        }
        watch.close();

        assertThat(answered).hasSize(200);
        assertThat(peak.get()).isEqualTo(8);
        assertThat(count(effects, "")).isEqualTo(200);
        assertThat(count(effects, ".twice")).isZero();
    }

    @Test
    void anIdleFunctionScalesToZeroWhileProvisionedInstancesStay() throws Exception {
        create("idle", effects("idle"), spec -> {
            spec.getScaling().setScaleDownDelay("1s");
            spec.getScaling().setScaleToZeroAfter("3s");
        });
        create("provisioned", effects("provisioned"), spec -> {
            spec.getConcurrency().setProvisioned(2);
            spec.getScaling().setScaleDownDelay("1s");
            spec.getScaling().setScaleToZeroAfter("1s");
        });
        assertThat(invoke("idle", "{\"id\":\"once\"}").get().statusCode()).isEqualTo(200);
        assertThat(replicas("idle")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> replicas("idle") == 0);
        assertThat(replicas("provisioned")).isEqualTo(2);
        assertThat(platform.agent().pids("default", "provisioned")).hasSize(2);
    }

    @Test
    void aTimedOutInvocationFailsAsLambdaDoesAndTheNextOneWorks() throws Exception {
        create("slow", effects("slow"), spec -> spec.setTimeout("2s"));
        HttpResponse<String> timedOut = invoke("slow", "{\"id\":\"late\",\"sleepMs\":5000}").get();
        assertThat(timedOut.statusCode()).isEqualTo(200);
        assertThat(timedOut.headers().firstValue("X-Amz-Function-Error")).isPresent();
        JsonNode error = JSON.readTree(timedOut.body());
        assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.path("errorMessage").asText()).contains("Task timed out after 2.00 seconds");

        HttpResponse<String> next = invoke("slow", "{\"id\":\"quick\"}").get();
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(next.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    }

    @Test
    void scalingDownUnderLoadNeverCutsARunningInvocation() throws Exception {
        Path effects = effects("shrink");
        create("shrink", effects, spec -> {
            spec.getConcurrency().setPerInstance(1);
            spec.getConcurrency().setReserved(4);
            spec.getScaling().setScaleDownDelay("1s");
            spec.getScaling().setScaleToZeroAfter("30s");
        });
        List<Integer> replicasSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var watch = client.apps().deployments().inNamespace("default").withName("shrink").inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                replicasSeen.add(d.getSpec().getReplicas());
            }

            @Override
            public void onUpdate(Deployment old, Deployment d) {
                replicasSeen.add(d.getSpec().getReplicas());
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
            }
        });
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(invoke("shrink", "{\"id\":\"short" + i + "\",\"sleepMs\":300}"));
        }
        CompletableFuture<HttpResponse<String>> longCall = invoke("shrink", "{\"id\":\"long\",\"sleepMs\":12000}");

        // the short calls end and demand falls to the one still running: the autoscaler scales down under it
        await().atMost(Duration.ofSeconds(60)).until(() -> replicasSeen.contains(4) && replicas("shrink") < 4);
        assertThat(longCall).isNotDone();

        HttpResponse<String> response = longCall.get();
        watch.close();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Amz-Function-Error")).as(response.body()).isEmpty();
        assertThat(JSON.readTree(response.body()).path("id").asText()).isEqualTo("long");
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        assertThat(count(effects, "")).isEqualTo(4);
        assertThat(count(effects, ".twice")).isZero();
    }

    @Test
    void killingAHostMidFlightLosesNoAsyncInvocation() throws Exception {
        Path effects = effects("chaos");
        create("chaos", effects, spec -> {
            spec.getConcurrency().setPerInstance(4);
            spec.getConcurrency().setReserved(8);
        });
        List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            accepted.add(invokeAsync("chaos", "{\"id\":\"c" + i + "\",\"sleepMs\":20}"));
        }
        for (CompletableFuture<HttpResponse<String>> call : accepted) {
            assertThat(call.get().statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(effects, "") >= 20 && !platform.agent().pids("default", "chaos").isEmpty());
        long victim = platform.agent().pids("default", "chaos").get(0);
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(effects)) {
                Set<String> ids = new HashSet<>();
                files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".twice")).forEach(ids::add);
                assertThat(ids).hasSize(500);
            }
        });
    }
}
