package dev.kfn.operator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionCrd;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.operator.autoscaler.Autoscaler;
import dev.kfn.operator.autoscaler.QueueListing;
import dev.kfn.testsupport.SecondBroker;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the autoscaler, never asserts on time: tick cost with 1 to 10,000 functions (all at zero, then with
 * up to {@link #ACTIVE} of them holding an instance, so every tick reads their queues exactly), the management
 * listing's cost, the heap, and the latency from an invocation's publish to the Deployment's replicas written,
 * with and without a wake. Simulated as the operator leaves a cluster: the real {@link Autoscaler} with its
 * production configuration, the Fabric8 mock API server holding Functions and their Deployments, and every
 * function's queues declared from the contract on a RabbitMQ node of the benchmark's own (tens of thousands of
 * queues would slow the machine's broker for everyone). The reconciler does not run: it would only add the
 * per-function set-up a benchmark of the autoscaler does not need. Run: see docs/performance.md. Writes
 * target/benchmark/autoscaler.{md,json}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "autoscaler")
class AutoscalerBenchmark {

    private static final int[] SIZES = {1, 100, 1000, 10_000};
    /** Functions given an instance in the second phase: the few active ones among many idle. */
    private static final int ACTIVE = 100;

    private static final int LATENCY_RUNS = 20;

    private final Map<String, Object> results = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private KubernetesClient client;
    private SecondBroker broker;

    @Test
    void measure() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        broker = SecondBroker.start();
        Autoscaler autoscaler = null;
        try {
            client = server.createClient();
            FunctionCrd.install(client);
            autoscaler = new Autoscaler(client, productionConfig(), broker.settings(), registry);
            autoscaler.start();
            autoscaler.lead(true);
            run();
        } finally {
            if (autoscaler != null) {
                autoscaler.stop();
            }
            broker.close();
            server.destroy();
        }
    }

    /** The operator's defaults (tick 500 ms, listing every 5 s), as a deployment without overrides has them. */
    private static KfnConfig productionConfig() {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(KfnConfig.class)
                .build()
                .getConfigMapping(KfnConfig.class);
    }

    private void run() throws Exception {
        report.append("# Autoscaler benchmark\n\n")
                .append("Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(", load average at the start ")
                .append(String.format(
                        "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(
                        "; a RabbitMQ node of the benchmark's own; Fabric8 mock API server; tick 500 ms, listing every 5 s.\n\n")
                .append(
                        "| functions | with an instance | set-up (s) | tick mean (ms) | tick max (ms) | listing (ms) | heap used (MiB) |\n")
                .append("|---|---|---|---|---|---|---|\n");
        FunctionTopology.Options classic = new FunctionTopology.Options(
                FunctionTopology.Options.CLASSIC, FunctionTopology.Options.DEFAULTS.asyncDeliveryLimit());
        try (Connection connection = broker.settings().connectionFactory().newConnection("kfn-autoscaler-benchmark")) {
            for (int size : SIZES) {
                // never closed: the benchmark's node goes at the end, and every queue with it
                TestTopology topology = new TestTopology("bench" + size, broker.settings(), classic);
                long start = System.nanoTime();
                List<FunctionId> ids = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    ids.add(create(topology, "f" + i));
                }
                double setUp = (System.nanoTime() - start) / 1e9;
                measureTicks(size, 0, setUp);
                List<FunctionId> active = ids.subList(0, Math.min(size, ACTIVE));
                provision(active, 1);
                measureTicks(size, active.size(), Double.NaN);
                if (size == SIZES[SIZES.length - 1]) {
                    provision(active, 0);
                    report.append("\n| path (")
                            .append(size)
                            .append(
                                    " functions present) | runs | p50 (ms) | p90 (ms) | max (ms) |\n|---|---|---|---|---|\n");
                    latency(topology, connection, true);
                    latency(topology, connection, false);
                }
                client.resources(Function.class).inNamespace(topology.namespace).delete();
                client.apps().deployments().inNamespace(topology.namespace).delete();
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

    /** A Function at zero as the operator leaves it: its queues, and its Deployment labelled as the operator's. */
    private FunctionId create(TestTopology topology, String name) throws Exception {
        FunctionId id = topology.function(name);
        TestFunctions.create(client, TestFunctions.java(id, spec -> {
            spec.getScaling().setScaleToZeroAfter("1s");
            spec.getScaling().setScaleDownDelay("1s");
        }));
        client.apps()
                .deployments()
                .inNamespace(id.namespace())
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(id.name())
                        .withNamespace(id.namespace())
                        .addToLabels(Labels.MANAGED_BY, "kfn")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(0)
                        .withNewSelector()
                        .addToMatchLabels("kfn.dev/function", id.name())
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("kfn.dev/function", id.name())
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("host")
                        .withImage("runtime-host")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        return id;
    }

    /** Provisioned instances make a function "active": every tick reads its queues exactly. */
    private void provision(List<FunctionId> ids, int provisioned) {
        for (FunctionId id : ids) {
            client.resources(Function.class)
                    .inNamespace(id.namespace())
                    .withName(id.name())
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"concurrency\":{\"provisioned\":" + provisioned + "}}}");
        }
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        ids.stream().allMatch(id -> deployment(id).getSpec().getReplicas() == provisioned));
    }

    private Deployment deployment(FunctionId id) {
        return client.apps()
                .deployments()
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    private void measureTicks(int size, int active, double setUpSeconds) throws Exception {
        Timer tick = registry.find("kfn.autoscaler.tick").timer();
        // a listing that shows the new queues, then a tick that started before this phase finishes: a clean window
        Thread.sleep(6_000);
        long count = tick.count();
        double total = tick.totalTime(TimeUnit.MILLISECONDS);
        double maxBefore = tick.max(TimeUnit.MILLISECONDS);
        Thread.sleep(10_000);
        long ticks = tick.count() - count;
        double mean = (tick.totalTime(TimeUnit.MILLISECONDS) - total) / Math.max(1, ticks);
        double max = Math.max(maxBefore, tick.max(TimeUnit.MILLISECONDS));
        QueueListing listing = new QueueListing(new BrokerManagement(broker.settings()));
        double[] listings = new double[5];
        for (int i = 0; i < listings.length; i++) {
            long start = System.nanoTime();
            listing.read(Instant.now());
            listings[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(listings);
        System.gc();
        double heapMib =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
        report.append(String.format(
                "| %d | %d | %s | %.2f | %.2f | %.0f | %.0f |%n",
                size,
                active,
                Double.isNaN(setUpSeconds) ? "" : String.format("%.0f", setUpSeconds),
                mean,
                max,
                listings[2],
                heapMib));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("ticks", ticks);
        figures.put("meanMs", mean);
        figures.put("maxMs", max);
        figures.put("listingMedianMs", listings[2]);
        figures.put("heapUsedMib", heapMib);
        if (!Double.isNaN(setUpSeconds)) {
            figures.put("setUpSeconds", setUpSeconds);
        }
        results.put("tick_" + size + "_functions_" + active + "_active", figures);
    }

    /** Publish to a function at zero (as the gateway does), time until the Deployment asks for an instance. */
    private void latency(TestTopology topology, Connection connection, boolean wake) throws Exception {
        List<Double> samples = new ArrayList<>();
        int runs = wake ? LATENCY_RUNS : 5;
        for (int run = 0; run < runs; run++) {
            FunctionId id = create(topology, "lat" + (wake ? "w" : "n") + run);
            // the function is known to the autoscaler, at rest, before the publish
            Thread.sleep(2_000);
            CompletableFuture<Instant> scaled = new CompletableFuture<>();
            try (Watch watch = client.apps()
                            .deployments()
                            .inNamespace(id.namespace())
                            .withName(id.name())
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
                    Channel channel = connection.createChannel()) {
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
}
