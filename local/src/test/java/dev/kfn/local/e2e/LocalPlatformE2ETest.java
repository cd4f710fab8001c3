package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.ClusterEventTrigger;
import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.broker.BrokerSettings;
import e2e.handlers.ClusterWatcher;
import e2e.handlers.ScheduleRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
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
    private static final Path WORK = Path.of("target/e2e").toAbsolutePath();
    private static final StringBuilder REPORT = new StringBuilder("# End-to-end timings\n\n");

    private static LocalRun run;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        run = LocalRun.start(WORK, Map.of());
        client = run.client();
    }

    @AfterAll
    static void stop() throws IOException {
        if (run != null) {
            run.close();
        }
        Files.writeString(Path.of("target/e2e-report.md"), REPORT);
    }

    private static Path effects(String name) throws IOException {
        return run.effects(name);
    }

    private static void create(String name, Path effects, Consumer<FunctionSpec> change) {
        run.createRecord(name, effects, change);
    }

    private static int replicas(String name) {
        return run.replicas(name);
    }

    private static CompletableFuture<HttpResponse<String>> invoke(String name, String body) {
        return run.invoke(name, body);
    }

    private static CompletableFuture<HttpResponse<String>> invokeAsync(String name, String body) {
        return run.invokeAsync(name, body);
    }

    private static long count(Path dir, String suffix) throws IOException {
        return LocalRun.count(dir, suffix);
    }

    /** The status tells the truth: a handler that cannot initialise turns the function to InitError, with the error. */
    @Test
    void aHandlerThatCannotInitialiseShowsInitErrorInTheStatus() throws Exception {
        run.create("broken", "e2e.handlers.NoSuchHandler::handleRequest", spec -> {});
        HttpResponse<String> answer = invoke("broken", "{\"id\":\"first\"}").get();
        assertThat(answer.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");

        FunctionStatus status = await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> client.resources(Function.class)
                                .inNamespace(LocalRun.NAMESPACE)
                                .withName("broken")
                                .get()
                                .getStatus(),
                        s -> s != null
                                && s.condition(FunctionStatus.INSTANCES_READY)
                                        .filter(c -> "False".equals(c.getStatus()))
                                        .isPresent());
        Condition ready = status.condition(FunctionStatus.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INIT_ERROR);
        assertThat(ready.getMessage()).contains("failed its init", "NoSuchHandler");
        run.delete("broken");
    }

    @Test
    void coldStartAnswersTheFirstInvocationOfAFunctionAtZero() throws Exception {
        Path effects = effects("cold");
        create("cold", effects, spec -> {});
        assertThat(replicas("cold")).isZero();

        long start = System.nanoTime();
        HttpResponse<String> response = invoke("cold", "{\"id\":\"first\"}").get();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("id").asText()).isEqualTo("first");
        assertThat(Files.exists(effects.resolve("first"))).isTrue();
        REPORT.append("- cold start, zero to first response through the gateway: ")
                .append(millis)
                .append(" ms\n");
    }

    @Test
    void aBurstRunsOnExactlyTheReservedInstancesAndAnswersEveryCallOnce() throws Exception {
        Path effects = effects("burst");
        create("burst", effects, spec -> {
            spec.getConcurrency().setPerInstance(1);
            spec.getConcurrency().setReserved(8);
        });
        AtomicInteger peak = new AtomicInteger();
        var watch = client.apps()
                .deployments()
                .inNamespace("default")
                .withName("burst")
                .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment d) {
                        peak.accumulateAndGet(d.getSpec().getReplicas(), Math::max);
                    }

                    @Override
                    public void onUpdate(Deployment old, Deployment d) {
                        peak.accumulateAndGet(d.getSpec().getReplicas(), Math::max);
                    }

                    @Override
                    public void onDelete(Deployment d, boolean unknown) {}
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
        assertThat(run.pids("provisioned")).hasSize(2);
    }

    @Test
    void aTimedOutInvocationFailsAsLambdaDoesAndTheNextOneWorks() throws Exception {
        create("slow", effects("slow"), spec -> spec.setTimeout("2s"));
        HttpResponse<String> timedOut =
                invoke("slow", "{\"id\":\"late\",\"sleepMs\":5000}").get();
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
        var watch = client.apps()
                .deployments()
                .inNamespace("default")
                .withName("shrink")
                .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment d) {
                        replicasSeen.add(d.getSpec().getReplicas());
                    }

                    @Override
                    public void onUpdate(Deployment old, Deployment d) {
                        replicasSeen.add(d.getSpec().getReplicas());
                    }

                    @Override
                    public void onDelete(Deployment d, boolean unknown) {}
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
        assertThat(response.headers().firstValue("X-Amz-Function-Error"))
                .as(response.body())
                .isEmpty();
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
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(effects, "") >= 20 && !run.pids("chaos").isEmpty());
        long victim = run.pids("chaos").get(0);
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(effects)) {
                Set<String> ids = new HashSet<>();
                files.map(f -> f.getFileName().toString())
                        .filter(n -> !n.endsWith(".twice"))
                        .forEach(ids::add);
                assertThat(ids).hasSize(500);
            }
        });
    }

    /**
     * A clusterEvent trigger end to end: a Pod created in the embedded API is seen by the operator's watch, put on the
     * function's queue, wakes it from zero and reaches a real handler that reads it as aws-lambda-java-events'
     * ScheduledEvent.
     */
    @Test
    void aPodCreatedInTheApiWakesAClusterEventFunctionFromZeroAndReachesItsHandlerAsAScheduledEvent() throws Exception {
        Path effects = effects("pod-watcher");
        ClusterEventTrigger watch = new ClusterEventTrigger();
        watch.setApiVersion("v1");
        watch.setKind("Pod");
        watch.setEventTypes(List.of("ADDED"));
        // only the test's Pod: the function's own instances are Pods of this namespace too
        watch.setLabelSelector("e2e=pod-watcher");
        Trigger trigger = new Trigger();
        trigger.setClusterEvent(watch);
        run.create("pod-watcher", ClusterWatcher.class.getName() + "::handleRequest", spec -> {
            spec.setEnv(List.of(new EnvVar("EFFECTS_DIR", effects.toString(), null)));
            spec.setTriggers(List.of(trigger));
        });
        assertThat(replicas("pod-watcher")).isZero();
        // the watch has started once its position is recorded: a Pod made before it is listed, never ADDED
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ConfigMap positions = client.configMaps()
                    .inNamespace(run.releaseNamespace())
                    .withName("kfn-cluster-event-positions")
                    .get();
            return positions != null
                    && positions.getData() != null
                    && !positions.getData().isEmpty();
        });

        long start = System.nanoTime();
        client.pods()
                .inNamespace(LocalRun.NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("web-1")
                        .withLabels(Map.of("e2e", "pod-watcher"))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();

        Path record = effects.resolve("web-1");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(record));
        REPORT.append("- clusterEvent, Pod created to its handler's record, the function woken from zero: ")
                .append((System.nanoTime() - start) / 1_000_000)
                .append(" ms\n");
        Properties seen = new Properties();
        try (Reader in = Files.newBufferedReader(record)) {
            seen.load(in);
        }
        assertThat(seen)
                .containsEntry("detail-type", "Pod State Change")
                .containsEntry("source", "kfn.kubernetes")
                .containsEntry("account", LocalRun.NAMESPACE)
                .containsEntry("eventType", "ADDED")
                .containsEntry("kind", "Pod")
                .containsEntry("name", "web-1")
                .containsEntry("resources", "/api/v1/namespaces/" + LocalRun.NAMESPACE + "/pods/web-1");
        assertThat(seen.getProperty("time")).isNotEqualTo("null");
        run.delete("pod-watcher");
        client.pods().inNamespace(LocalRun.NAMESPACE).withName("web-1").delete();
    }

    /**
     * A one-off schedule end to end: the operator's scheduler fires it, the firing wakes the function from zero, a
     * real handler reads it as aws-lambda-java-events' ScheduledEvent, and the asynchronous invocation's onSuccess
     * destination gets Lambda's destination record.
     */
    @Test
    void aOneOffScheduleWakesAFunctionFromZeroAndReachesItsHandlerAsAScheduledEventAndItsDestination()
            throws Exception {
        Path effects = effects("at-once");
        String successes = LocalRun.NAMESPACE + ".e2e-schedule-successes-"
                + UUID.randomUUID().toString().substring(0, 8);
        ConnectionFactory factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection broker = factory.newConnection("kfn-e2e-schedule");
                Channel channel = broker.createChannel()) {
            channel.queueDeclare(successes, true, false, false, null);
            try {
                // EventBridge's at() is a wall-clock time in the trigger's zone, UTC by default; far enough ahead
                // for the Function to be Ready first, since a time already past when first seen never fires
                LocalDateTime at =
                        LocalDateTime.now(ZoneOffset.UTC).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
                ScheduleTrigger once = new ScheduleTrigger();
                once.setExpression("at(" + at.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + ")");
                Trigger trigger = new Trigger();
                trigger.setSchedule(once);
                Destination onSuccess = new Destination();
                onSuccess.setQueue(successes);
                run.create("at-once", ScheduleRecorder.class.getName() + "::handleRequest", spec -> {
                    spec.setEnv(List.of(new EnvVar("EFFECTS_DIR", effects.toString(), null)));
                    spec.setTriggers(List.of(trigger));
                    spec.getAsync().setOnSuccess(onSuccess);
                });
                assertThat(replicas("at-once")).isZero();

                Path record = effects.resolve("fired");
                await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(record));
                REPORT.append("- schedule, at() time to its handler's record, the function woken from zero: ")
                        .append(Duration.between(at.toInstant(ZoneOffset.UTC), Instant.now())
                                .toMillis())
                        .append(" ms\n");
                Properties seen = new Properties();
                try (Reader in = Files.newBufferedReader(record)) {
                    seen.load(in);
                }
                assertThat(seen)
                        .containsEntry("detail-type", "Scheduled Event")
                        .containsEntry("source", "aws.events")
                        .containsEntry("account", LocalRun.NAMESPACE);
                // the firing is for the at() time, however late it left
                assertThat(OffsetDateTime.parse(seen.getProperty("time")).toInstant())
                        .isEqualTo(at.toInstant(ZoneOffset.UTC));
                assertThat(seen.getProperty("resources"))
                        .startsWith("arn:aws:scheduler:")
                        .endsWith(":" + LocalRun.NAMESPACE + ":schedule/at-once/trigger-0");

                GetResponse delivered = await().atMost(Duration.ofSeconds(30))
                        .until(() -> channel.basicGet(successes, true), Objects::nonNull);
                JsonNode destination = JSON.readTree(delivered.getBody());
                assertThat(destination.path("version").asText()).isEqualTo("1.0");
                assertThat(destination.path("requestContext").path("condition").asText())
                        .isEqualTo("Success");
                assertThat(destination
                                .path("requestPayload")
                                .path("detail-type")
                                .asText())
                        .isEqualTo("Scheduled Event");
                assertThat(destination.path("requestPayload").path("id").asText())
                        .isEqualTo(seen.getProperty("id"));
                assertThat(destination.path("responsePayload").asText()).isEqualTo("fired " + seen.getProperty("id"));
            } finally {
                run.delete("at-once");
                channel.queueDelete(successes);
            }
        }
    }
}
