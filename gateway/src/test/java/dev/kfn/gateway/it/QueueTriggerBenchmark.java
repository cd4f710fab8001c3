package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.api.Concurrency;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.queuefunctions.SqsCounter;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * SQS-style batch throughput: messages per second from a prefilled queue through the gateway's poller, one
 * synchronous invocation per batch, to a noop handler in a real runtime host, at batch 10 and 100 — next to the
 * floor, a plain RabbitMQ consumer reading the same queue in the same run. Run: see docs/performance.md. Writes
 * target/benchmark/queue-trigger.md.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "benchmark", matches = "queue")
class QueueTriggerBenchmark {

    private static final int MESSAGES = Integer.getInteger("benchmark.messages", 20_000);
    private static final int INSTANCE_CONCURRENCY = 10;

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Connection broker;
    private final List<HostProcess> hosts = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        topology = new TestTopology("qbench");
        var factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        broker = factory.newConnection("kfn-queue-benchmark");
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        broker.close();
        topology.close();
    }

    @Test
    void batchThroughputNextToAPlainConsumer() throws Exception {
        String queue = topology.namespace + ".bench-in";
        try (Channel channel = broker.createChannel()) {
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
        }
        prefill(queue);
        double floor = plainConsumer(queue);
        rows.add(row("plain consumer (prefetch 1000, ack per 100)", floor));
        for (int batch : List.of(10, 100)) {
            prefill(queue);
            rows.add(row("kfn queue trigger, batch " + batch, throughKfn(queue, batch)));
        }
        String table = "| reader | messages | messages/s |\n|---|---|---|\n" + String.join("\n", rows) + "\n";
        Path out = Path.of("target", "benchmark", "queue-trigger.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    private static String row(String reader, double perSecond) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f |", reader, MESSAGES, perSecond);
    }

    private void prefill(String queue) throws Exception {
        try (Channel channel = broker.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties persistent =
                    new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            for (int i = 0; i < MESSAGES; i++) {
                channel.basicPublish("", queue, persistent, ("{\"order\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                if (i % 1000 == 999) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
        assertThat(topology.ready(queue)).isEqualTo(MESSAGES);
    }

    /** The floor: one consumer that does nothing but ack, from its first delivery to its last. */
    private double plainConsumer(String queue) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        long[] first = new long[1];
        long[] last = new long[1];
        try (Channel channel = broker.createChannel()) {
            channel.basicQos(1000);
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws java.io.IOException {
                    int n = seen.incrementAndGet();
                    if (n == 1) {
                        first[0] = System.nanoTime();
                    }
                    if (n % 100 == 0 || n == MESSAGES) {
                        channel.basicAck(envelope.getDeliveryTag(), true);
                    }
                    if (n == MESSAGES) {
                        last[0] = System.nanoTime();
                        done.countDown();
                    }
                }
            });
            assertThat(done.await(5, TimeUnit.MINUTES)).isTrue();
        }
        return (MESSAGES - 1) / ((last[0] - first[0]) / 1e9);
    }

    /** From the first batch the handler ran to the last, as it recorded them. */
    private double throughKfn(String queue, int batchSize) throws Exception {
        FunctionId fn = topology.function("bench" + batchSize);
        Path batches = Files.createTempFile("kfn-sqs-bench", ".tsv");
        HostProcess host = new HostProcess(fn, SqsCounter.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 512)
                .env(HostEnvironment.CONCURRENCY, INSTANCE_CONCURRENCY)
                .env("SQS_BATCHES", batches)
                .start();
        hosts.add(host);
        host.awaitReady();
        QueueTrigger queueTrigger = new QueueTrigger();
        queueTrigger.setName(queue);
        queueTrigger.setBatchSize(batchSize);
        queueTrigger.setBatchWindow(batchSize > 10 ? "1s" : "0s");
        Trigger trigger = new Trigger();
        trigger.setQueue(queueTrigger);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(SqsCounter.class.getName());
            Concurrency concurrency = new Concurrency();
            concurrency.setPerInstance(INSTANCE_CONCURRENCY);
            spec.setConcurrency(concurrency);
            spec.setTriggers(List.of(trigger));
        }));
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> lines(batches).stream()
                                .mapToInt(l -> Integer.parseInt(l[0]))
                                .sum()
                        >= MESSAGES);
        // the trigger stops here, so the next run has the queue to itself
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        host.close();
        hosts.remove(host);
        List<String[]> seen = lines(batches);
        long first = Long.parseLong(seen.get(0)[1]);
        long last = Long.parseLong(seen.get(seen.size() - 1)[1]);
        int afterFirst = MESSAGES - Integer.parseInt(seen.get(0)[0]);
        return afterFirst / ((last - first) / 1000.0);
    }

    private static List<String[]> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .toList();
    }

    private static Path handlers() {
        return TaskRoots.java(
                SqsCounter.class,
                SQSEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
