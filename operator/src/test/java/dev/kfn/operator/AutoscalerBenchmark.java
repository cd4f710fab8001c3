package dev.kfn.operator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.api.Function;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.autoscaler.QueueListing;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the autoscaler, never asserts on time: tick cost with 1, 100 and 1,000 functions (at zero,
 * and with one instance each so that every tick reads their queues exactly), the management
 * listing's cost, and the latency from an invocation's publish to the Deployment's replicas written,
 * with and without a wake. Run: see docs/performance.md. Writes target/benchmark/autoscaler.{md,json}.
 */
@QuarkusTest
@TestProfile(AutoscalerBenchmarkProfile.class)
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "autoscaler")
class AutoscalerBenchmark {

    private static final int[] SIZES = {1, 100, 1000};
    private static final int LATENCY_RUNS = 20;

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    private final Map<String, Object> results = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();

    @Test
    void measure() throws Exception {
        report.append("# Autoscaler benchmark\n\n")
                .append("Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append("; RabbitMQ on localhost; Fabric8 mock API server; tick 500 ms.\n\n")
                .append(
                        "| functions | instances each | tick mean (ms) | tick max (ms) | listing (ms) |\n|---|---|---|---|---|\n");
        try (Connection broker =
                BrokerSettings.defaults().connectionFactory().newConnection("kfn-autoscaler-benchmark")) {
            for (int size : SIZES) {
                String namespace = "bench" + size;
                create(namespace, size, 0);
                measureTicks(namespace, size, 0);
                scaleAll(namespace, size, 1);
                measureTicks(namespace, size, 1);
                if (size == SIZES[SIZES.length - 1]) {
                    report.append("\n| path (")
                            .append(size)
                            .append(
                                    " functions present) | runs | p50 (ms) | p90 (ms) | max (ms) |\n|---|---|---|---|---|\n");
                    latency(broker, namespace, true);
                    latency(broker, namespace, false);
                }
                delete(namespace, size);
            }
        }
        Path out = Path.of("target/benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("autoscaler.md"), report);
        Files.writeString(
                out.resolve("autoscaler.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        System.out.println(report);
    }

    private static Function function(FunctionId id, int provisioned) {
        return TestFunctions.java(id, spec -> {
            spec.getConcurrency().setProvisioned(provisioned);
            spec.getScaling().setScaleToZeroAfter("1s");
            spec.getScaling().setScaleDownDelay("1s");
        });
    }

    private void create(String namespace, int size, int provisioned) {
        for (int i = 0; i < size; i++) {
            TestFunctions.create(client, function(new FunctionId(namespace, "f" + i), provisioned));
        }
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.apps()
                                        .deployments()
                                        .inNamespace(namespace)
                                        .list()
                                        .getItems()
                                        .size()
                                == size
                        && client.resources(Function.class).inNamespace(namespace).list().getItems().stream()
                                .allMatch(f ->
                                        f.getStatus() != null && f.getStatus().isReady()));
    }

    /** Provisioned instances make every function "active": each tick reads its queues exactly. */
    private void scaleAll(String namespace, int size, int provisioned) {
        for (Function fn :
                client.resources(Function.class).inNamespace(namespace).list().getItems()) {
            client.resources(Function.class)
                    .inNamespace(namespace)
                    .withName(fn.getMetadata().getName())
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"concurrency\":{\"provisioned\":" + provisioned + "}}}");
        }
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                                .filter(d -> d.getSpec().getReplicas() == provisioned)
                                .count()
                        == size);
    }

    private void measureTicks(String namespace, int size, int instances) throws Exception {
        Timer tick = registry.find("kfn.autoscaler.tick").timer();
        // let a tick that started before this phase finish, then take a clean 10 s window
        Thread.sleep(1_000);
        long count = tick.count();
        double total = tick.totalTime(TimeUnit.MILLISECONDS);
        Thread.sleep(10_000);
        long ticks = tick.count() - count;
        double mean = (tick.totalTime(TimeUnit.MILLISECONDS) - total) / Math.max(1, ticks);
        double max = tick.max(TimeUnit.MILLISECONDS);
        QueueListing listing = new QueueListing(new BrokerManagement(BrokerSettings.defaults()));
        double[] listings = new double[5];
        for (int i = 0; i < listings.length; i++) {
            long start = System.nanoTime();
            listing.read(Instant.now());
            listings[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(listings);
        report.append(String.format("| %d | %d | %.2f | %.2f | %.1f |%n", size, instances, mean, max, listings[2]));
        results.put(
                "tick_" + size + "_functions_" + instances + "_instances",
                Map.of("ticks", ticks, "meanMs", mean, "maxMs", max, "listingMedianMs", listings[2]));
    }

    /** Publish to a function at zero (as the gateway does), time until the Deployment asks for an instance. */
    private void latency(Connection broker, String namespace, boolean wake) throws Exception {
        List<Double> samples = new ArrayList<>();
        int runs = wake ? LATENCY_RUNS : 5;
        for (int run = 0; run < runs; run++) {
            String name = "lat" + (wake ? "w" : "n") + run;
            create(namespace, name);
            CompletableFuture<Instant> scaled = new CompletableFuture<>();
            try (Watch watch = client.apps()
                            .deployments()
                            .inNamespace(namespace)
                            .withName(name)
                            .watch(new Watcher<>() {
                                @Override
                                public void eventReceived(Action action, Deployment d) {
                                    if (d.getSpec().getReplicas() != null
                                            && d.getSpec().getReplicas() > 0) {
                                        scaled.complete(Instant.now());
                                    }
                                }

                                @Override
                                public void onClose(WatcherException cause) {}
                            });
                    Channel channel = broker.createChannel()) {
                FunctionId id = new FunctionId(namespace, name);
                channel.confirmSelect();
                Instant start = Instant.now();
                channel.basicPublish(
                        Exchange.INVOKE.exchangeName(),
                        id.queues().sync(),
                        new AMQP.BasicProperties(),
                        "{}".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(5_000);
                if (wake) {
                    channel.basicPublish(Exchange.WAKE.exchangeName(), "", null, WakeMessage.encode(id));
                }
                samples.add(Duration.between(start, scaled.get(60, TimeUnit.SECONDS))
                                .toNanos()
                        / 1e6);
            } catch (TimeoutException e) {
                samples.add(Double.NaN);
            }
            client.resources(Function.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .delete();
        }
        samples.sort(Double::compare);
        String path = wake ? "publish + wake → replicas written" : "publish, no wake (listing) → replicas written";
        report.append(String.format(
                "| %s | %d | %.1f | %.1f | %.1f |%n",
                path,
                samples.size(),
                samples.get(samples.size() / 2),
                samples.get((int) Math.ceil(samples.size() * 0.9) - 1),
                samples.get(samples.size() - 1)));
        results.put(wake ? "latency_wake_ms" : "latency_listing_ms", samples);
    }

    private void create(String namespace, String name) {
        TestFunctions.create(client, function(new FunctionId(namespace, name), 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Function fn = client.resources(Function.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            return fn.getStatus() != null && fn.getStatus().isReady();
        });
    }

    private void delete(String namespace, int size) {
        client.resources(Function.class).inNamespace(namespace).delete();
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resources(Function.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
    }
}
