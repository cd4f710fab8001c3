package dev.kfn.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BatchRestartTest {

    private final List<StreamRecord> batch = LongStream.of(10, 11, 12, 13)
            .mapToObj(o -> new StreamRecord(o, "k", new byte[0], Instant.EPOCH, o))
            .toList();

    private static byte[] answer(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSuccessRestartsNowhere() {
        assertThat(BatchRestart.from(
                        batch, false, false, answer("{\"batchItemFailures\":[{\"itemIdentifier\":\"12\"}]}")))
                .isEmpty();
        assertThat(BatchRestart.from(batch, false, true, answer("{\"batchItemFailures\":[]}")))
                .isEmpty();
        assertThat(BatchRestart.from(batch, false, true, new byte[0])).isEmpty();
    }

    @Test
    void aFunctionErrorRestartsTheWholeBatch() {
        assertThat(BatchRestart.from(batch, true, true, new byte[0])).hasValue(10);
    }

    @Test
    void reportedFailuresRestartFromTheLowestSequenceNumber() {
        assertThat(BatchRestart.from(
                        batch,
                        false,
                        true,
                        answer("{\"batchItemFailures\":[{\"itemIdentifier\":\"13\"},{\"itemIdentifier\":\"11\"}]}")))
                .hasValue(11);
    }

    @Test
    void anAnswerThatCannotBeReadRestartsTheWholeBatch() {
        assertThat(BatchRestart.from(
                        batch, false, true, answer("{\"batchItemFailures\":[{\"itemIdentifier\":\"99\"}]}")))
                .hasValue(10);
        assertThat(BatchRestart.from(batch, false, true, answer("not json"))).hasValue(10);
    }
}
