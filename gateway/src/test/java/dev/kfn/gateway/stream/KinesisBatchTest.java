package dev.kfn.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.StreamSource;
import dev.kfn.api.StreamTrigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.EventSampleAssert;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static StreamSource source() {
        StreamTrigger trigger = new StreamTrigger();
        trigger.setName("clicks");
        return StreamSource.read(new FunctionId("shop", "counter"), 0, trigger);
    }

    private final List<StreamRecord> batch = List.of(
            new StreamRecord(
                    41,
                    "user-1",
                    "hello".getBytes(StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(1_700_000_000_123L),
                    1),
            new StreamRecord(42, "user-2", new byte[] {0, (byte) 255}, Instant.ofEpochMilli(1_700_000_001_000L), 2));

    @Test
    void writesTheRecordsAsAKinesisEventSourceMappingDoes() throws Exception {
        JsonNode event = JSON.readTree(KinesisBatch.of(batch, source(), 3, "eu-west-1"));
        JsonNode first = event.at("/Records/0");
        assertThat(first.get("eventSource").asText()).isEqualTo("aws:kinesis");
        assertThat(first.get("eventName").asText()).isEqualTo("aws:kinesis:record");
        assertThat(first.get("eventVersion").asText()).isEqualTo("1.0");
        assertThat(first.get("eventID").asText()).isEqualTo("shardId-000000000003:41");
        assertThat(first.get("eventSourceARN").asText()).isEqualTo("arn:aws:kinesis:eu-west-1:shop:stream/clicks");
        assertThat(first.get("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(first.at("/kinesis/partitionKey").asText()).isEqualTo("user-1");
        assertThat(first.at("/kinesis/sequenceNumber").asText()).isEqualTo("41");
        assertThat(first.at("/kinesis/data").asText()).isEqualTo("aGVsbG8=");
        assertThat(first.at("/kinesis/kinesisSchemaVersion").asText()).isEqualTo("1.0");
        // epoch seconds with the milliseconds as a fraction, as Kinesis writes approximateArrivalTimestamp
        assertThat(first.at("/kinesis/approximateArrivalTimestamp").asDouble()).isEqualTo(1_700_000_000.123);
        assertThat(event.at("/Records/1/kinesis/data").asText()).isEqualTo("AP8=");
    }

    @Test
    void readsBackAsLambdasTypedEvent() {
        KinesisEvent event = LambdaEventSerializers.serializerFor(
                        KinesisEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(KinesisBatch.of(batch, source(), 0, "us-east-1")));
        assertThat(event.getRecords()).hasSize(2);
        KinesisEvent.Record second = event.getRecords().get(1).getKinesis();
        assertThat(second.getSequenceNumber()).isEqualTo("42");
        assertThat(second.getData().array()).containsExactly(0, 255);
        assertThat(second.getApproximateArrivalTimestamp().getTime()).isEqualTo(1_700_000_001_000L);
    }

    /** {@code kfn events stream} prints what this builder writes for this batch. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        StreamTrigger trigger = new StreamTrigger();
        trigger.setName("clicks");
        StreamSource source = StreamSource.read(new FunctionId("team-a", "click-counter"), 0, trigger);
        StreamRecord record = new StreamRecord(
                41,
                "user-1",
                "{\"page\":\"/cart\",\"user\":\"user-1\"}".getBytes(StandardCharsets.UTF_8),
                Instant.ofEpochMilli(1_764_583_200_123L),
                1);
        EventSampleAssert.isTheSample(KinesisBatch.of(List.of(record), source, 0, "us-east-1"), "stream");
    }
}
