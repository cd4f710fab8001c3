package dev.kfn.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.AccountNamespaces;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KinesisRequestTest {

    private static final AccountNamespaces NAMESPACES =
            new AccountNamespaces("default", Map.of("123456789012", "team-a"));
    private static final String PUT_RECORD = "Kinesis_20131202.PutRecord";
    private static final String PUT_RECORDS = "Kinesis_20131202.PutRecords";

    private static KinesisRequest read(String target, Map<String, Object> body, Optional<String> namespace) {
        return KinesisRequest.read(target, new ObjectMapper().valueToTree(body), namespace, NAMESPACES);
    }

    @Test
    void theStreamIsNamedInThePathsNamespaceOrByArn() {
        Map<String, Object> byName = Map.of("StreamName", "clicks", "PartitionKey", "k", "Data", "aGk=");
        assertThat(read(PUT_RECORD, byName, Optional.of("shop")))
                .extracting(KinesisRequest::namespace, KinesisRequest::stream)
                .containsExactly("shop", "clicks");
        assertThat(read(PUT_RECORD, byName, Optional.empty()).namespace()).isEqualTo("default");

        Map<String, Object> byArn = Map.of("StreamARN", "arn:aws:kinesis:us-east-1:shop:stream/clicks");
        assertThat(read(PUT_RECORD, byArn, Optional.empty()))
                .extracting(KinesisRequest::namespace, KinesisRequest::stream)
                .containsExactly("shop", "clicks");
        assertThat(read(
                                PUT_RECORD,
                                Map.of("StreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/c"),
                                Optional.empty())
                        .namespace())
                .isEqualTo("team-a");
    }

    @Test
    void refusesWhatItCannotTell() {
        assertThatThrownBy(() -> read("Kinesis_20131202.CreateStream", Map.of("StreamName", "s"), Optional.empty()))
                .isInstanceOfSatisfying(
                        StreamPutException.class,
                        e -> assertThat(e.type()).isEqualTo(KinesisRequest.UNKNOWN_OPERATION));
        assertThatThrownBy(() -> read(PUT_RECORD, Map.of(), Optional.empty()))
                .hasMessage("StreamName or StreamARN is required");
        assertThatThrownBy(
                        () -> read(PUT_RECORD, Map.of("StreamARN", "arn:aws:sqs:us-east-1:shop:q"), Optional.empty()))
                .hasMessageContaining("is not arn:aws:kinesis:<region>:<namespace>:stream/<name>");
        assertThatThrownBy(() -> read(
                        PUT_RECORD,
                        Map.of("StreamARN", "arn:aws:kinesis:us-east-1:shop:stream/c"),
                        Optional.of("other")))
                .hasMessageContaining("not in the endpoint's namespace other");
        assertThatThrownBy(() -> read(
                        PUT_RECORD,
                        Map.of("StreamARN", "arn:aws:kinesis:us-east-1:shop:stream/c", "StreamName", "d"),
                        Optional.empty()))
                .hasMessageContaining("differ");
    }

    @Test
    void readsCborRecordsWithKinesisLimits() throws Exception {
        byte[] cbor = new CBORMapper()
                .writeValueAsBytes(Map.of(
                        "StreamName",
                        "clicks",
                        "Records",
                        List.of(
                                Map.of("PartitionKey", "a", "Data", "hi".getBytes(StandardCharsets.UTF_8)),
                                Map.of(
                                        "PartitionKey",
                                        "b",
                                        "Data",
                                        new byte[0],
                                        "ExplicitHashKey",
                                        BigInteger.ONE.shiftLeft(127).toString()))));
        JsonNode body = KinesisWire.CBOR.read(cbor);
        StreamPut put = KinesisRequest.read(PUT_RECORDS, body, Optional.of("shop"), NAMESPACES)
                .records();
        assertThat(put.batch()).isTrue();
        assertThat(new String(put.records().get(0).data(), StandardCharsets.UTF_8))
                .isEqualTo("hi");
        StreamTopology four =
                new StreamTopology("shop", "clicks", 4, Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
        // half of the hash-key space is the first key of the third of four shards
        assertThat(put.records().get(1).partitionIn(four)).isEqualTo(2);
        assertThat(put.records().get(0).partitionIn(four)).isEqualTo(four.partitionOf("a"));

        JsonNode big = KinesisWire.CBOR.read(new CBORMapper()
                .writeValueAsBytes(
                        Map.of("StreamName", "clicks", "PartitionKey", "k", "Data", new byte[StreamPut.DATA_MAX + 1])));
        assertThatThrownBy(() -> KinesisRequest.read(PUT_RECORD, big, Optional.empty(), NAMESPACES)
                        .records())
                .hasMessage("Data is over 1 MiB");
        JsonNode noRecords = KinesisWire.JSON.read("{\"StreamName\":\"clicks\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KinesisRequest.read(PUT_RECORDS, noRecords, Optional.empty(), NAMESPACES)
                        .records())
                .hasMessage("Records is a list of 1 to 500 records");
        JsonNode badHash = KinesisWire.JSON.read(
                "{\"StreamName\":\"c\",\"PartitionKey\":\"k\",\"Data\":\"\",\"ExplicitHashKey\":\"-1\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KinesisRequest.read(PUT_RECORD, badHash, Optional.empty(), NAMESPACES)
                        .records())
                .hasMessageContaining("ExplicitHashKey is a decimal hash key");
    }
}
