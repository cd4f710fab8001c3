package dev.kfn.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamPutTest {

    private static StreamPut read(String json) {
        return StreamPut.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOneRecordOrABatch() {
        StreamPut one = read("{\"partitionKey\":\"k\",\"data\":\"aGk=\"}");
        assertThat(one.batch()).isFalse();
        assertThat(one.records().get(0).partitionKey()).isEqualTo("k");
        assertThat(new String(one.records().get(0).data(), StandardCharsets.UTF_8))
                .isEqualTo("hi");
        StreamPut two = read(
                "{\"records\":[{\"partitionKey\":\"a\",\"data\":\"\"},{\"partitionKey\":\"b\",\"data\":\"eA==\"}]}");
        assertThat(two.batch()).isTrue();
        assertThat(two.records()).extracting(StreamPut.Entry::partitionKey).containsExactly("a", "b");
    }

    @Test
    void refusesWhatKinesisRefuses() {
        assertThatThrownBy(() -> read("{\"data\":\"aGk=\"}"))
                .hasMessageContaining("partitionKey is a string of 1 to 256");
        assertThatThrownBy(() -> read("{\"partitionKey\":\"" + "k".repeat(257) + "\",\"data\":\"\"}"))
                .hasMessageContaining("partitionKey");
        assertThatThrownBy(() -> read("{\"partitionKey\":\"k\",\"data\":\"%%%\"}"))
                .hasMessage("data is not base64");
        assertThatThrownBy(() -> read("{\"records\":[]}")).hasMessage("records is a list of 1 to 500 records");
        assertThatThrownBy(() -> read("{\"records\":[{\"partitionKey\":\"k\"}]}"))
                .hasMessage("records[0].data is the record's bytes in base64");
        assertThatThrownBy(() -> read("[1]")).hasMessageContaining("JSON object");
    }
}
