package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.Destination;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.StreamSpec;
import dev.kfn.api.StreamStatus;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.StreamTopology;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.streamfunctions.KinesisRecorder;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Streams end to end: Streams and Functions in the mock API server, the gateway's put API and partition readers, the
 * partitions on the real RabbitMQ, and real runtime hosts running a Lambda Kinesis handler ({@link KinesisRecorder}:
 * the typed KinesisEvent in, StreamsEventResponse out).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamTriggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    private final Gateway gateway = new Gateway();
    private TestTopology topology;
    private Connection broker;
    private final List<HostProcess> hosts = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private final List<StreamTopology> streams = new ArrayList<>();
    private final List<FunctionId> functions = new ArrayList<>();

    /** One line of the recorder's file. */
    record Seen(
            String call,
            int batchSize,
            String shard,
            long sequence,
            String key,
            String data,
            String source,
            String eventId,
            String arn,
            long arrival) {
        static Seen of(String line) {
            String[] f = line.split("\t", -1);
            return new Seen(
                    f[0],
                    Integer.parseInt(f[1]),
                    f[2],
                    Long.parseLong(f[3]),
                    f[4],
                    f[5],
                    f[6],
                    f[7],
                    f[8],
                    Long.parseLong(f[9]));
        }
    }

    @BeforeAll
    void connect() throws Exception {
        topology = new TestTopology("stream");
        var factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        broker = factory.newConnection("kfn-stream-trigger-test");
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        try (Channel channel = broker.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
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
    void recordsOfOneKeyArriveInOrderAcrossFourPartitionsUnderConcurrentPuts() throws Exception {
        StreamTopology stream = stream("clicks", 4);
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        FunctionId fn = function("counter", records, Map.of(), t -> {
            t.setName("clicks");
            t.setStartingPosition("TRIM_HORIZON");
            t.setBatchSize(50);
        });

        int keys = 40;
        int perKey = 25;
        Map<String, String> shardOfKey = new HashMap<>();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Map<String, String>>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int producer = t;
                done.add(CompletableFuture.supplyAsync(
                        () -> {
                            Map<String, String> shards = new HashMap<>();
                            // each producer owns ten keys and puts their records in order, five at a time
                            for (int i = 0; i < perKey; i += 5) {
                                for (int k = producer; k < keys; k += 4) {
                                    String key = "user-" + k;
                                    List<Map<String, String>> batch = new ArrayList<>();
                                    for (int j = i; j < i + 5; j++) {
                                        batch.add(entry(key, key + ":" + j));
                                    }
                                    JsonNode answer = put(stream, Map.of("records", batch));
                                    assertThat(answer.get("failedRecordCount").asInt())
                                            .isZero();
                                    shards.put(
                                            key, answer.at("/records/0/shardId").asText());
                                }
                            }
                            return shards;
                        },
                        producers));
            }
            for (CompletableFuture<Map<String, String>> shards : done) {
                shardOfKey.putAll(shards.get());
            }
        } finally {
            producers.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> seen(records).size() >= keys * perKey);
        List<Seen> seen = seen(records);
        assertThat(seen).hasSize(keys * perKey);
        assertThat(seen.stream().map(Seen::shard).distinct()).hasSize(4);
        Map<String, List<Seen>> byKey = seen.stream().collect(Collectors.groupingBy(Seen::key));
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, list) -> {
            assertThat(list.stream().map(Seen::data))
                    .containsExactlyElementsOf(IntStream.range(0, perKey)
                            .mapToObj(j -> key + ":" + j)
                            .toList());
            assertThat(list).allSatisfy(s -> assertThat(s.shard()).isEqualTo(shardOfKey.get(key)));
        });
        Map<String, List<Seen>> byShard = seen.stream().collect(Collectors.groupingBy(Seen::shard));
        byShard.values()
                .forEach(list ->
                        assertThat(list.stream().map(Seen::sequence)).isSorted().doesNotHaveDuplicates());
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.batchSize()).isBetween(1, 50);
            assertThat(s.source()).isEqualTo("aws:kinesis");
            assertThat(s.eventId()).isEqualTo(s.shard() + ":" + s.sequence());
            assertThat(s.arn()).isEqualTo("arn:aws:kinesis:us-east-1:" + fn.namespace() + ":stream/clicks");
            assertThat(s.arrival()).isPositive();
        });
    }

    @Test
    void aParallelizationFactorRunsKeysInLanesSideBySideAndKeepsEachKeysOrder() throws Exception {
        StreamTopology stream = stream("lanes", 1);
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        function("laner", records, Map.of(), t -> {
            t.setName("lanes");
            t.setStartingPosition("TRIM_HORIZON");
            t.setBatchSize(10);
            t.setParallelizationFactor(4);
        });
        int keys = 20;
        int perKey = 20;
        for (int j = 0; j < perKey; j++) {
            List<Map<String, String>> batch = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                batch.add(entry("key-" + k, "key-" + k + ":" + j));
            }
            put(stream, Map.of("records", batch));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> seen(records).size() >= keys * perKey);
        List<Seen> seen = seen(records);
        assertThat(seen).hasSize(keys * perKey);
        seen.stream()
                .collect(Collectors.groupingBy(Seen::key))
                .forEach((key, list) -> assertThat(list.stream().map(Seen::data))
                        .containsExactlyElementsOf(IntStream.range(0, perKey)
                                .mapToObj(j -> key + ":" + j)
                                .toList()));
        // a batch holds the keys of one lane only, and all four lanes ran
        Map<String, List<Seen>> calls = seen.stream().collect(Collectors.groupingBy(Seen::call));
        assertThat(calls.values())
                .allSatisfy(call -> assertThat(call.stream()
                                .map(s -> Math.floorMod(s.key().hashCode(), 4))
                                .distinct())
                        .hasSize(1));
        assertThat(seen.stream().map(s -> Math.floorMod(s.key().hashCode(), 4)).distinct())
                .hasSize(4);
    }

    @Test
    void putsAreCheckedAndAMissingStreamIsNotFound() throws Exception {
        HttpResponse<byte[]> missing =
                gateway.post("/streams/" + topology.namespace + "/nowhere", Map.of(), body(entry("k", "x")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("__type").asText()).isEqualTo("ResourceNotFoundException");
        StreamTopology stream = stream("checked", 1);
        HttpResponse<byte[]> noKey =
                gateway.post("/streams/" + topology.namespace + "/checked", Map.of(), body(Map.of("data", "eA==")));
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noKey.body()).get("message").asText()).contains("partitionKey");
        JsonNode one = put(stream, entry("k", "x"));
        assertThat(one.get("shardId").asText()).isEqualTo("shardId-000000000000");
    }

    @Test
    void aFailingRecordHoldsOnlyItsPartitionUntilItSucceeds() throws Exception {
        StreamTopology stream = stream("payments", 4);
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        Path poison = Files.createTempFile("kfn-kinesis-poison", ".flag");
        function("ledger", records, Map.of("KINESIS_POISON", poison.toString()), t -> {
            t.setName("payments");
            t.setStartingPosition("TRIM_HORIZON");
        });
        String blockedKey = TestStreams.keyIn(stream, 2);
        put(stream, entry(blockedKey, "poison-1"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> seen(records).stream()
                                .filter(s -> s.data().equals("poison-1"))
                                .count()
                        >= 2);
        put(stream, entry(blockedKey, "after-poison"));
        for (int p = 0; p < 4; p++) {
            if (p != 2) {
                put(stream, entry(TestStreams.keyIn(stream, p), "free-" + p));
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> data(records).containsAll(List.of("free-0", "free-1", "free-3")));
        long tries =
                seen(records).stream().filter(s -> s.data().equals("poison-1")).count();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> seen(records).stream()
                                .filter(s -> s.data().equals("poison-1"))
                                .count()
                        > tries);
        assertThat(data(records)).doesNotContain("after-poison");

        Files.delete(poison);
        await().atMost(Duration.ofSeconds(30)).until(() -> data(records).contains("after-poison"));
        List<String> partition2 = seen(records).stream()
                .filter(s -> s.shard().equals(StreamTopology.shardId(2)))
                .map(Seen::data)
                .toList();
        assertThat(partition2.get(partition2.size() - 1)).isEqualTo("after-poison");
        assertThat(partition2.subList(0, partition2.size() - 1)).containsOnly("poison-1");
    }

    @Test
    void aBisectedBatchGivesUpOnlyThePoisonRecord() throws Exception {
        StreamTopology stream = stream("halves", 1);
        String failures = queue("halves-failures");
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        Path poison = Files.createTempFile("kfn-kinesis-poison", ".flag");
        function("halver", records, Map.of("KINESIS_POISON", poison.toString()), t -> {
            t.setName("halves");
            t.setStartingPosition("TRIM_HORIZON");
            t.setBatchSize(8);
            t.setBatchWindow("2s");
            t.setBisectBatchOnFunctionError(true);
            t.setMaximumRetryAttempts(0);
            t.setOnFailure(queueDestination(failures));
        });
        List<Map<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(entry("k", i == 5 ? "poison-5" : "fine-" + i));
        }
        put(stream, Map.of("records", batch));

        JsonNode info = await().atMost(Duration.ofSeconds(30))
                .until(() -> take(failures), Optional::isPresent)
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> data(records).contains("fine-7"));
        Seen poisonSeen = seen(records).stream()
                .filter(s -> s.data().equals("poison-5"))
                .findFirst()
                .orElseThrow();
        assertThat(info.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(info.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(info.at("/KinesisBatchInfo/startSequenceNumber").asText())
                .isEqualTo(Long.toString(poisonSeen.sequence()));
        assertThat(info.at("/KinesisBatchInfo/endSequenceNumber").asText())
                .isEqualTo(Long.toString(poisonSeen.sequence()));
        // the first call had all eight; each fine record succeeded in exactly one smaller call
        assertThat(seen(records).get(0).batchSize()).isEqualTo(8);
        Map<String, Long> fineSuccesses = seen(records).stream()
                .filter(s -> s.data().startsWith("fine") && s.batchSize() < 8)
                .collect(Collectors.groupingBy(Seen::data, Collectors.counting()));
        assertThat(fineSuccesses.keySet()).hasSize(7);
        assertThat(take(failures)).isEmpty();
    }

    @Test
    void aPartialFailureResumesFromTheLowestReportedSequenceNumber() throws Exception {
        StreamTopology stream = stream("partial", 1);
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        Path poison = Files.createTempFile("kfn-kinesis-poison", ".flag");
        function("partial", records, Map.of("KINESIS_POISON", poison.toString(), "KINESIS_FAILURE", "report"), t -> {
            t.setName("partial");
            t.setStartingPosition("TRIM_HORIZON");
            t.setBatchSize(10);
            t.setBatchWindow("2s");
            t.setReportBatchItemFailures(true);
        });
        List<Map<String, String>> batch = new ArrayList<>();
        for (String data : List.of("a", "b", "c", "poison-d", "e", "poison-f", "g")) {
            batch.add(entry("k", data));
        }
        put(stream, Map.of("records", batch));

        await().atMost(Duration.ofSeconds(30)).until(() -> calls(records).size() >= 3);
        List<List<String>> calls = calls(records);
        assertThat(calls.get(0)).containsExactly("a", "b", "c", "poison-d", "e", "poison-f", "g");
        assertThat(calls.get(1)).containsExactly("poison-d", "e", "poison-f", "g");
        Files.delete(poison);
        put(stream, entry("k", "h"));
        await().atMost(Duration.ofSeconds(30)).until(() -> data(records).contains("h"));
        List<List<String>> after = calls(records);
        // every call but the last restarted from the lowest failure; once that batch passed, only the new record came
        assertThat(after.subList(1, after.size() - 1))
                .allSatisfy(call -> assertThat(call).containsExactly("poison-d", "e", "poison-f", "g"));
        assertThat(after.get(after.size() - 1)).containsExactly("h");
    }

    @Test
    void retriesExhaustedSendTheBatchInfoToTheOnFailureQueueAndThePartitionMovesOn() throws Exception {
        StreamTopology stream = stream("exhausted", 1);
        String failures = queue("exhausted-failures");
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        Path poison = Files.createTempFile("kfn-kinesis-poison", ".flag");
        FunctionId fn = function("exhausted", records, Map.of("KINESIS_POISON", poison.toString()), t -> {
            t.setName("exhausted");
            t.setStartingPosition("TRIM_HORIZON");
            t.setMaximumRetryAttempts(2);
            t.setOnFailure(queueDestination(failures));
        });
        put(stream, entry("k", "poison-only"));

        JsonNode info = await().atMost(Duration.ofSeconds(30))
                .until(() -> take(failures), Optional::isPresent)
                .get();
        assertThat(seen(records).stream().filter(s -> s.data().equals("poison-only")))
                .hasSize(3);
        assertThat(info.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(info.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(info.at("/requestContext/functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:" + fn.namespace() + ":function:" + fn.name());
        assertThat(info.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(info.at("/KinesisBatchInfo/shardId").asText()).isEqualTo("shardId-000000000000");
        assertThat(info.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(info.at("/KinesisBatchInfo/streamArn").asText())
                .isEqualTo("arn:aws:kinesis:us-east-1:" + fn.namespace() + ":stream/exhausted");
        put(stream, entry("k", "next"));
        await().atMost(Duration.ofSeconds(30)).until(() -> data(records).contains("next"));
    }

    @Test
    void aNewReaderResumesFromTheCheckpointWithNoGapAfterTheBrokerLinkIsCut() throws Exception {
        StreamTopology stream = stream("resume", 1);
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        function("resumer", records, Map.of(), t -> {
            t.setName("resume");
            t.setStartingPosition("TRIM_HORIZON");
            t.setBatchSize(10);
        });
        putMany(stream, "first-", 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> seen(records).size() >= 30);
        // every connection of the gateway dropped: its readers, leases and invocations go with them
        BrokerProxy.instance().cut();
        BrokerProxy.instance().restore();
        putMany(stream, "second-", 100);

        await().atMost(Duration.ofSeconds(60)).until(() -> distinct(records) == 300);
        List<Seen> seen = seen(records);
        List<Long> sequences =
                seen.stream().map(Seen::sequence).distinct().sorted().toList();
        assertThat(sequences).hasSize(300);
        assertThat(sequences.get(299) - sequences.get(0)).isEqualTo(299);
        // delivered again: at most the batch that was in flight when the link went
        assertThat(seen.size() - 300).isLessThanOrEqualTo(10);
    }

    @Test
    void atTimestampSkipsWhatArrivedBefore() throws Exception {
        StreamTopology stream = stream("history", 1);
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        putMany(stream, "old-", 20);
        Instant from = Instant.now();
        putMany(stream, "new-", 20);
        function("historian", records, Map.of(), t -> {
            t.setName("history");
            t.setStartingPosition("AT_TIMESTAMP");
            t.setStartingPositionTimestamp(from.toString());
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> seen(records).size() >= 20);
        assertThat(data(records))
                .containsExactlyElementsOf(
                        IntStream.range(0, 20).mapToObj(i -> "new-" + i).toList());
    }

    @Test
    void recordsExpiredUnreadAreReportedUntilTheReaderCaughtUpAndItReadsOnFromTheOldestLeft() throws Exception {
        // retention drops whole segments, each new one starting once the last passed 2,000 bytes
        StreamTopology stream = stream("expiring", 1, spec -> {
            spec.setMaxBytes(4_000L);
            spec.setSegmentBytes(2_000L);
        });
        Path records = Files.createTempFile("kfn-kinesis", ".tsv");
        Path poison = Files.createTempFile("kfn-kinesis-poison", ".flag");
        FunctionId fn = function("expiring", records, Map.of("KINESIS_POISON", poison.toString()), t -> {
            t.setName("expiring");
            t.setStartingPosition("TRIM_HORIZON");
            t.setBatchSize(10);
        });
        put(stream, entry("k", "first"));
        put(stream, entry("k", "poison-held"));
        // the checkpoint is at "first" (offset 0) while the reader keeps trying the next record
        await().atMost(Duration.ofSeconds(30))
                .until(() -> seen(records).stream()
                                .filter(s -> s.data().equals("poison-held"))
                                .count()
                        >= 2);
        putMany(stream, "poison-", 400);
        // a new reader starts from the checkpoint, at records the retention dropped meanwhile
        BrokerProxy.instance().cut();
        BrokerProxy.instance().restore();
        // right after retention dropped segments RabbitMQ 3.10 can send a new consumer nothing until the next put, and
        // the new reader may attach after a put made at once: a record a second until the expiry is reported
        AtomicInteger next = new AtomicInteger(400);
        Predicate<Optional<StreamStatus>> reported = e -> e.isPresent()
                && Boolean.TRUE.equals(e.get().getCatchingUp())
                && e.get().getLastExpiredFrom() == 1L;
        // the new reader's run starts right after the checkpoint (the first reader may have found its own)
        StreamStatus behind = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            Optional<StreamStatus> status = streamStatus(fn);
                            if (!reported.test(status)) {
                                put(stream, entry("k", "poison-" + next.getAndIncrement()));
                            }
                            return status;
                        },
                        reported)
                .orElseThrow();
        assertThat(behind.getTrigger()).isZero();
        assertThat(behind.getStream()).isEqualTo("expiring");
        assertThat(behind.getPartition()).isZero();
        assertThat(behind.getLastExpiredTo()).isGreaterThan(1L);
        assertThat(behind.getExpiredRecords())
                .isGreaterThanOrEqualTo(behind.getLastExpiredTo() - behind.getLastExpiredFrom() + 1);
        assertThat(behind.getLastExpiredAt()).isNotNull();

        Files.delete(poison);
        StreamStatus caughtUp = await().atMost(Duration.ofSeconds(30))
                .until(() -> streamStatus(fn), e -> e.isPresent() && e.get().getCatchingUp() == null)
                .orElseThrow();
        assertThat(caughtUp.getExpiredRecords()).isEqualTo(behind.getExpiredRecords());
        assertThat(caughtUp.getLastExpiredTo()).isEqualTo(behind.getLastExpiredTo());
        // from the oldest record left to the newest, nothing skipped
        long oldestLeft = behind.getLastExpiredTo() + 1;
        List<String> after = seen(records).stream()
                .filter(s -> s.sequence() >= oldestLeft)
                .map(Seen::data)
                .distinct()
                .toList();
        int last = next.get() - 1;
        assertThat(after).isNotEmpty().last().isEqualTo("poison-" + last);
        int firstLeft = Integer.parseInt(after.get(0).substring("poison-".length()));
        assertThat(after)
                .containsExactlyElementsOf(IntStream.range(firstLeft, last + 1)
                        .mapToObj(i -> "poison-" + i)
                        .toList());
    }

    private Optional<StreamStatus> streamStatus(FunctionId fn) {
        return Optional.ofNullable(client.resources(dev.kfn.api.Function.class)
                        .inNamespace(fn.namespace())
                        .withName(fn.name())
                        .get())
                .map(dev.kfn.api.Function::getStatus)
                .map(FunctionStatus::getStreams)
                .flatMap(entries -> entries.stream().findFirst());
    }

    private StreamTopology stream(String name, int partitions) {
        return stream(name, partitions, spec -> {});
    }

    private StreamTopology stream(String name, int partitions, Consumer<StreamSpec> change) {
        StreamTopology created = new TestStreams(client, gateway, topology.namespace).create(name, partitions, change);
        streams.add(created);
        return created;
    }

    private FunctionId function(String name, Path records, Map<String, String> env, Consumer<StreamTrigger> change)
            throws Exception {
        FunctionId fn = topology.function(name);
        functions.add(fn);
        StreamTrigger stream = new StreamTrigger();
        change.accept(stream);
        Trigger trigger = new Trigger();
        trigger.setStream(stream);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(KinesisRecorder.class.getName());
            spec.setTriggers(List.of(trigger));
        }));
        HostProcess host = new HostProcess(fn, KinesisRecorder.class.getName(), TestStreams.recorder())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env("KINESIS_RECORDS", records);
        env.forEach(host::env);
        hosts.add(host.start());
        host.awaitReady();
        return fn;
    }

    private String queue(String name) throws Exception {
        String queue = topology.namespace + "." + name;
        try (Channel channel = broker.createChannel()) {
            channel.queueDeclare(queue, true, false, false, Map.of());
        }
        queues.add(queue);
        return queue;
    }

    private static Destination queueDestination(String queue) {
        Destination destination = new Destination();
        destination.setQueue(queue);
        return destination;
    }

    private Optional<JsonNode> take(String queue) throws Exception {
        try (Channel channel = broker.createChannel()) {
            GetResponse response = channel.basicGet(queue, true);
            return response == null ? Optional.empty() : Optional.of(JSON.readTree(response.getBody()));
        }
    }

    private static Map<String, String> entry(String key, String data) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("partitionKey", key);
        entry.put("data", Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
        return entry;
    }

    private void putMany(StreamTopology stream, String prefix, int count) {
        for (int i = 0; i < count; i += 50) {
            List<Map<String, String>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 50); j++) {
                batch.add(entry("k", prefix + j));
            }
            put(stream, Map.of("records", batch));
        }
    }

    private JsonNode put(StreamTopology stream, Object body) {
        HttpResponse<byte[]> response =
                gateway.post("/streams/" + stream.namespace() + "/" + stream.stream(), Map.of(), body(body));
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] body(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Seen> seen(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .map(Seen::of)
                .toList();
    }

    private static List<String> data(Path file) throws Exception {
        return seen(file).stream().map(Seen::data).toList();
    }

    private static long distinct(Path file) throws Exception {
        return seen(file).stream().map(Seen::sequence).distinct().count();
    }

    /** The data of each call, in the order of the calls. */
    private static List<List<String>> calls(Path file) throws Exception {
        Map<String, List<String>> calls = new LinkedHashMap<>();
        for (Seen s : seen(file)) {
            calls.computeIfAbsent(s.call(), c -> new ArrayList<>()).add(s.data());
        }
        return List.copyOf(calls.values());
    }
}
