package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
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
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The AWS SDK's own KinesisClient (CBOR, its default wire format) putting into a Stream with only its endpoint
 * changed, a stream trigger reading what it put; the same fixtures as {@link StreamTriggerTest}, so the same
 * gateway.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KinesisPutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    private final Gateway gateway = new Gateway();
    private TestTopology topology;
    private Connection broker;
    private HostProcess host;
    private FunctionId fn;
    private StreamTopology stream;
    private Path records;
    /** The Content-Type of each request the clients sent: the SDK's own choice, not the test's. */
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        topology = new TestTopology("kinesis");
        var factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        broker = factory.newConnection("kfn-kinesis-put-test");
        stream = stream("orders", 2);
        records = Files.createTempFile("kfn-kinesis", ".tsv");
        fn = topology.function("orders");
        StreamTrigger trigger = new StreamTrigger();
        trigger.setName(stream.stream());
        trigger.setStartingPosition("TRIM_HORIZON");
        trigger.setBatchSize(10);
        Trigger on = new Trigger();
        on.setStream(trigger);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(KinesisRecorder.class.getName());
            spec.setTriggers(List.of(on));
        }));
        host = new HostProcess(fn, KinesisRecorder.class.getName(), TestStreams.recorder())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env("KINESIS_RECORDS", records)
                .start();
        host.awaitReady();
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (host != null) {
            host.close();
        }
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        try (Channel channel = broker.createChannel()) {
            for (int p = 0; p < stream.partitions(); p++) {
                channel.queueDelete(stream.partition(p));
                channel.queueDelete(stream.checkpoint(fn, 0, p));
            }
            channel.exchangeDelete(stream.exchange());
        }
        broker.close();
        topology.close();
    }

    @Test
    void putRecordsAndPutRecordReachTheTriggerInOrderByPathAndByArn() throws Exception {
        String a = keyIn(0);
        String b = keyIn(1);
        try (KinesisClient kinesis = kinesis(gateway.base().resolve("/kinesis/" + topology.namespace))) {
            PutRecordsResponse batch = kinesis.putRecords(r -> r.streamName(stream.stream())
                    .records(entry(a, "a-0"), entry(b, "b-0"), entry(a, "a-1"), entry(b, "b-1"), entry(a, "a-2")));
            assertThat(batch.failedRecordCount()).isZero();
            assertThat(batch.records())
                    .extracting(PutRecordsResultEntry::shardId)
                    .containsExactly(shard(0), shard(1), shard(0), shard(1), shard(0));
        }
        // at the root, the ARN's account field names the namespace
        try (KinesisClient kinesis = kinesis(gateway.base())) {
            PutRecordResponse one = kinesis.putRecord(
                    r -> r.streamARN("arn:aws:kinesis:us-east-1:" + topology.namespace + ":stream/" + stream.stream())
                            .partitionKey(a)
                            .data(SdkBytes.fromUtf8String("a-3")));
            assertThat(one.shardId()).isEqualTo(shard(0));
        }

        assertThat(sent).isNotEmpty().allMatch("application/x-amz-cbor-1.1"::equals);

        await().atMost(Duration.ofSeconds(30)).until(() -> seen().size() >= 6);
        List<StreamTriggerTest.Seen> seen = seen();
        assertThat(seen).hasSize(6);
        assertThat(seen.stream().filter(s -> s.key().equals(a)))
                .extracting(StreamTriggerTest.Seen::data)
                .containsExactly("a-0", "a-1", "a-2", "a-3");
        assertThat(seen.stream().filter(s -> s.key().equals(b)))
                .extracting(StreamTriggerTest.Seen::data)
                .containsExactly("b-0", "b-1");
        assertThat(seen).allSatisfy(s -> assertThat(s.shard()).isEqualTo(s.key().equals(a) ? shard(0) : shard(1)));
    }

    @Test
    void aMissingStreamIsTheSdksResourceNotFound() {
        try (KinesisClient kinesis = kinesis(gateway.base().resolve("/kinesis/" + topology.namespace))) {
            assertThatThrownBy(() -> kinesis.putRecord(r ->
                            r.streamName("no-such-stream").partitionKey("k").data(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("no-such-stream")
                    .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode())
                            .isEqualTo(400));
        }
    }

    @Test
    void aRecordOverOneMibIsTheSdksInvalidArgument() {
        byte[] big = new byte[1024 * 1024 + 1];
        try (KinesisClient kinesis = kinesis(gateway.base().resolve("/kinesis/" + topology.namespace))) {
            assertThatThrownBy(() -> kinesis.putRecords(r -> r.streamName(stream.stream())
                            .records(PutRecordsRequestEntry.builder()
                                    .partitionKey("k")
                                    .data(SdkBytes.fromByteArray(big))
                                    .build())))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("Records[0].Data is over 1 MiB");
        }
    }

    @Test
    void awsJsonIsAnsweredInAwsJson() throws Exception {
        HttpResponse<byte[]> missing = gateway.post(
                "/kinesis/" + topology.namespace,
                Map.of(
                        "Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target", "Kinesis_20131202.PutRecord"),
                JSON.writeValueAsBytes(Map.of("StreamName", "absent", "PartitionKey", "k", "Data", "eA==")));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        JsonNode error = JSON.readTree(missing.body());
        assertThat(error.get("__type").asText()).isEqualTo("ResourceNotFoundException");

        HttpResponse<byte[]> unknown = gateway.post(
                "/kinesis/" + topology.namespace,
                Map.of(
                        "Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target", "Kinesis_20131202.DeleteStream"),
                JSON.writeValueAsBytes(Map.of("StreamName", stream.stream())));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    private KinesisClient kinesis(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Gateway.CALL_LIMIT)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(
                                    Context.BeforeTransmission context, ExecutionAttributes attributes) {
                                sent.add(context.httpRequest()
                                        .firstMatchingHeader("Content-Type")
                                        .orElse(""));
                            }
                        }))
                .build();
    }

    private static PutRecordsRequestEntry entry(String key, String data) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(key)
                .data(SdkBytes.fromUtf8String(data))
                .build();
    }

    private static String shard(int partition) {
        return StreamTopology.shardId(partition);
    }

    private String keyIn(int partition) {
        return TestStreams.keyIn(stream, partition);
    }

    private StreamTopology stream(String name, int partitions) {
        return new TestStreams(client, gateway, topology.namespace).create(name, partitions, spec -> {});
    }

    private List<StreamTriggerTest.Seen> seen() throws Exception {
        return StreamTriggerTest.seen(records);
    }
}
