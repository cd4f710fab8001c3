package dev.kfn.gateway.dbchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.gateway.queue.BatchOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPlanTest {

    private static final List<String> BATCH = List.of("101", "102", "103", "104");

    private static int resumeAt(boolean functionError, String answer) {
        return RetryPlan.resumeAt(
                BATCH, BatchOutcome.failed(BATCH, functionError, true, answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aReportedFailureResumesTheBatchAtTheLowestSequenceNumberReturned() {
        assertThat(resumeAt(
                        false,
                        "{\"batchItemFailures\":[{\"itemIdentifier\":\"104\"}," + "{\"itemIdentifier\":\"102\"}]}"))
                .isEqualTo(1);
        assertThat(resumeAt(false, "{\"batchItemFailures\":[]}")).isEqualTo(BATCH.size());
        assertThat(resumeAt(false, "")).isEqualTo(BATCH.size());
    }

    @Test
    void aFunctionErrorOrAnAnswerThatCannotBeReadRetriesTheWholeBatch() {
        assertThat(resumeAt(true, "")).isZero();
        assertThat(resumeAt(false, "{\"batchItemFailures\":[{\"itemIdentifier\":\"999\"}]}"))
                .isZero();
        assertThat(resumeAt(false, "not json")).isZero();
        assertThat(RetryPlan.resumeAt(BATCH, Set.of())).isEqualTo(BATCH.size());
    }

    @Test
    void retriesRunOutOnlyWithALimit() {
        assertThat(RetryPlan.exhausted(10_000, OptionalInt.empty())).isFalse();
        assertThat(RetryPlan.exhausted(1, OptionalInt.of(1))).isFalse();
        assertThat(RetryPlan.exhausted(2, OptionalInt.of(1))).isTrue();
        assertThat(RetryPlan.exhausted(1, OptionalInt.of(0))).isTrue();
    }

    @Test
    void backsOffFromATenthOfASecondToTenSeconds() {
        assertThat(RetryPlan.backoffMillis(1)).isEqualTo(100);
        assertThat(RetryPlan.backoffMillis(2)).isEqualTo(200);
        assertThat(RetryPlan.backoffMillis(50)).isEqualTo(10_000);
    }
}
