package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.api.Concurrency;
import dev.kfn.api.Stream;
import dev.kfn.api.StreamSpec;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.StreamTopology;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.streamfunctions.KinesisCounter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Kinesis-style stream throughput: records per second from a prefilled Stream of 1 and of 4 partitions through the
 * gateway's partition readers, one synchronous invocation per batch, to a noop handler in a real runtime host — next
 * to the floor, plain stream-queue consumers (one per partition) reading the same partitions in the same run. Run: see
 * docs/performance.md. Writes target/benchmark/stream-trigger.md.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "benchmark", matches = "stream")
class StreamTriggerBenchmark {

    private static final int RECORDS = Integer.getInteger("benchmark.records", 20_000);
    private static final int BATCH = 100;
    private static final int INSTANCE_CONCURRENCY = 10;

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Connection broker;
    private final List<HostProcess> hosts = new ArrayList<>();
    private final List<StreamTopology> streams = new ArrayList<>();
    private final List<FunctionId> functions = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        topology = new TestTopology("sbench");
        var factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        broker = factory.newConnection("kfn-stream-benchmark");
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        try (Channel channel = broker.createChannel()) {
            for (StreamTopology stream : streams) {
                for (int p = 0; p < stream.partitions(); p++) {
                    channel.queueDelete(stream.partition(p));
                    // the readers' checkpoints outlive their triggers, as the records do
                    for (FunctionId fn : functions) {
                        channel.queueDelete(stream.checkpoint(fn, 0, p));
                    }
                }
                channel.exchangeDelete(stream.exchange());
            }
        }
        broker.close();
        topology.close();
    }

    @Test
    void recordsPerSecondNextToPlainStreamConsumers() throws Exception {
        for (int partitions : List.of(1, 4)) {
            StreamTopology stream = stream("bench" + partitions, partitions);
            prefill(stream);
            rows.add(row("plain stream consumers (prefetch 1000, ack per 100)", partitions, plainConsumers(stream)));
            rows.add(row("kfn stream trigger, batch " + BATCH, partitions, throughKfn(stream)));
        }
        String table =
                "| reader | partitions | records | records/s |\n|---|---|---|---|\n" + String.join("\n", rows) + "\n";
        Path out = Path.of("target", "benchmark", "stream-trigger.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    private static String row(String reader, int partitions, double perSecond) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %.0f |", reader, partitions, RECORDS, perSecond);
    }

    private StreamTopology stream(String name, int partitions) throws Exception {
        Stream stream = new Stream();
        stream.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(topology.namespace)
                .build());
        StreamSpec spec = new StreamSpec();
        spec.setPartitions(partitions);
        stream.setSpec(spec);
        client.resource(stream).create();
        StreamTopology created = new StreamTopology(
                topology.namespace, name, partitions, Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
        try (Channel channel = broker.createChannel()) {
            created.declare(channel);
        }
        streams.add(created);
        return created;
    }

    /** As the gateway puts them: each record to its key's partition, stamped, persistent, confirmed. */
    private void prefill(StreamTopology stream) throws Exception {
        try (Channel channel = broker.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < RECORDS; i++) {
                String key = "user-" + (i % 100);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .deliveryMode(2)
                        .headers(Map.of(
                                StreamTopology.PARTITION_KEY_HEADER,
                                key,
                                StreamTopology.ARRIVAL_HEADER,
                                Instant.now().toEpochMilli()))
                        .build();
                channel.basicPublish(
                        "",
                        stream.partition(stream.partitionOf(key)),
                        properties,
                        ("{\"click\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                if (i % 1000 == 999) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    /** The floor: one consumer per partition from its first record, doing nothing but ack; first to last record. */
    private double plainConsumers(StreamTopology stream) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        List<Channel> channels = new ArrayList<>();
        try {
            for (int p = 0; p < stream.partitions(); p++) {
                Channel channel = broker.createChannel();
                channels.add(channel);
                channel.basicQos(1000);
                channel.basicConsume(
                        stream.partition(p),
                        false,
                        Map.of(StreamTopology.OFFSET_HEADER, "first"),
                        new DefaultConsumer(channel) {
                            private int mine;

                            @Override
                            public void handleDelivery(
                                    String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                                    throws java.io.IOException {
                                int n = seen.incrementAndGet();
                                if (n == 1) {
                                    first.set(System.nanoTime());
                                }
                                if (++mine % 100 == 0) {
                                    channel.basicAck(envelope.getDeliveryTag(), true);
                                }
                                if (n == RECORDS) {
                                    last.set(System.nanoTime());
                                    done.countDown();
                                }
                            }
                        });
            }
            assertThat(done.await(5, TimeUnit.MINUTES)).isTrue();
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
        }
        return (RECORDS - 1) / ((last.get() - first.get()) / 1e9);
    }

    /** From the first batch the handler ran to the last, as it recorded them. */
    private double throughKfn(StreamTopology stream) throws Exception {
        FunctionId fn = topology.function("reader" + stream.partitions());
        functions.add(fn);
        Path batches = Files.createTempFile("kfn-kinesis-bench", ".tsv");
        HostProcess host = new HostProcess(fn, KinesisCounter.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 512)
                .env(HostEnvironment.CONCURRENCY, INSTANCE_CONCURRENCY)
                .env("KINESIS_BATCHES", batches)
                .start();
        hosts.add(host);
        host.awaitReady();
        StreamTrigger streamTrigger = new StreamTrigger();
        streamTrigger.setName(stream.stream());
        streamTrigger.setStartingPosition("TRIM_HORIZON");
        streamTrigger.setBatchSize(BATCH);
        Trigger trigger = new Trigger();
        trigger.setStream(streamTrigger);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(KinesisCounter.class.getName());
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
                        >= RECORDS);
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        host.close();
        hosts.remove(host);
        List<String[]> seen = lines(batches);
        long first = Long.parseLong(seen.get(0)[1]);
        long last = Long.parseLong(seen.get(seen.size() - 1)[1]);
        int afterFirst = RECORDS - Integer.parseInt(seen.get(0)[0]);
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
                KinesisCounter.class,
                KinesisEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
