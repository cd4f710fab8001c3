package dev.kfn.gateway.it;

import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DeliverCallback;
import dev.kfn.api.Topic;
import dev.kfn.api.TopicSpec;
import dev.kfn.api.TopicTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.gateway.topicfunctions.SnsLatency;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures topic fan-out, never asserts on time: publish (kfn's JSON API) → each subscriber's Lambda handler in a
 * real runtime host, with 1 and 10 subscribers, next to a floor measured in the same run: a plain RabbitMQ publish
 * (persistent, confirmed, to a quorum queue like a function's async queue) → a consumer in this JVM. Messages go
 * one every {@value #PACE_MS} ms. Run: see docs/performance.md. Writes target/benchmark/topic.md.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "topic")
class TopicFanOutBenchmark {

    private static final int WARM_UP = 30;
    private static final int RUNS = 200;
    private static final long PACE_MS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    private final Gateway gateway = new Gateway();

    @Test
    void measure() throws Exception {
        StringBuilder report = new StringBuilder()
                .append("| path | subscribers | copies | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |\n")
                .append("|---|---|---|---|---|---|---|\n");
        try (TestTopology topology = new TestTopology("topic-bench")) {
            report.append(row("floor: RabbitMQ publish → consumer", "-", floor(topology)));
            for (int subscribers : new int[] {1, 10}) {
                List<Double> copies = fanOut(topology, subscribers);
                report.append(row("publish → handler, every copy", Integer.toString(subscribers), copies));
            }
            TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(30));
        }
        String header = "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", load average " + loadAverage() + "; " + RUNS
                + " messages after " + WARM_UP + " warm-up, one every " + PACE_MS + " ms.\n\n";
        Path out = Path.of("target/benchmark/topic.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, header + report);
        System.out.println(header + report);
    }

    private List<Double> floor(TestTopology topology) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        try (Channel channel = topology.channel();
                Channel consumer = topology.channel()) {
            String queue = topology.namespace + ".floor";
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.confirmSelect();
            DeliverCallback deliver = (tag, delivery) -> {
                long sent = Long.parseLong(new String(delivery.getBody(), StandardCharsets.UTF_8));
                latencies.add((micros() - sent) / 1000.0);
                consumer.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            };
            consumer.basicConsume(queue, false, deliver, tag -> {});
            AMQP.BasicProperties persistent =
                    new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                channel.basicPublish(
                        "", queue, persistent, Long.toString(micros()).getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(10_000);
                Thread.sleep(PACE_MS);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> latencies.size() == WARM_UP + RUNS);
            channel.queueDelete(queue);
        }
        return new ArrayList<>(latencies).subList(WARM_UP, WARM_UP + RUNS);
    }

    private List<Double> fanOut(TestTopology topology, int subscribers) throws Exception {
        String topic = "bench-" + subscribers;
        Topic resource = new Topic();
        resource.setMetadata(new ObjectMetaBuilder()
                .withNamespace(topology.namespace)
                .withName(topic)
                .build());
        resource.setSpec(new TopicSpec());
        client.resource(resource).create();
        List<HostProcess> hosts = new ArrayList<>();
        List<Path> records = new ArrayList<>();
        try {
            for (int i = 0; i < subscribers; i++) {
                FunctionId fn = topology.function(topic + "-" + i);
                TopicTrigger subscription = new TopicTrigger();
                subscription.setName(topic);
                Trigger trigger = new Trigger();
                trigger.setTopic(subscription);
                TestFunctions.create(client, TestFunctions.java(fn, spec -> {
                    spec.setHandler(SnsLatency.class.getName());
                    spec.setTriggers(List.of(trigger));
                }));
                Path file = Files.createTempFile("kfn-sns-bench", ".tsv");
                records.add(file);
                // one at a time: ten JVMs starting at once on a small machine outwait a host's readiness check
                HostProcess host = new HostProcess(fn, SnsLatency.class.getName(), handlers())
                        .env(HostEnvironment.MEMORY_MIB, 256)
                        .env("SNS_RECORDS", file)
                        .start();
                hosts.add(host);
                host.awaitReady();
            }
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                long sent = micros();
                var answer = gateway.post(
                        "/topics/" + topology.namespace + "/" + topic,
                        Map.of("Content-Type", "application/json"),
                        JSON.writeValueAsBytes(Map.of("Message", Long.toString(sent))));
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(new String(answer.body(), StandardCharsets.UTF_8));
                }
                Thread.sleep(PACE_MS);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> records.stream().allMatch(f -> lines(f).size() == WARM_UP + RUNS));
            List<Double> latencies = new ArrayList<>();
            for (Path file : records) {
                Map<Long, Double> bySent = new HashMap<>();
                for (String line : lines(file)) {
                    String[] parts = line.split("\t");
                    long sentAt = Long.parseLong(parts[0]);
                    bySent.put(sentAt, (Long.parseLong(parts[1]) - sentAt) / 1000.0);
                }
                bySent.keySet().stream().sorted().skip(WARM_UP).forEach(k -> latencies.add(bySent.get(k)));
            }
            return latencies;
        } finally {
            for (HostProcess host : hosts) {
                host.close();
            }
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String row(String path, String subscribers, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(
                Locale.ROOT,
                "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |\n",
                path,
                subscribers,
                sorted.size(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.90),
                percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static Path handlers() {
        return TaskRoots.java(
                SnsLatency.class,
                SNSEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
