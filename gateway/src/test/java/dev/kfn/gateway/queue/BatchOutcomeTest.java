package dev.kfn.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchOutcomeTest {

    private static final List<String> BATCH = List.of("a", "b", "c");

    private static Set<String> failed(boolean error, boolean report, String answer) {
        return BatchOutcome.failed(
                BATCH, error, report, answer == null ? null : answer.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "listed ids fail            | {\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}    | b",
                "empty list: all succeeded  | {\"batchItemFailures\":[]}                             | ''",
                "null list: all succeeded   | {\"batchItemFailures\":null}                           | ''",
                "empty answer               | {}                                                     | ''",
                "null answer                | null                                                   | ''",
                "no body                    | ''                                                     | ''",
                "invalid JSON: all failed   | {batchItemFailures                                     | a b c",
                "empty id: all failed       | {\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}     | a b c",
                "null id: all failed        | {\"batchItemFailures\":[{\"itemIdentifier\":null}]}     | a b c",
                "wrong key: all failed      | {\"batchItemFailures\":[{\"itemId\":\"b\"}]}            | a b c",
                "unknown id: all failed     | {\"batchItemFailures\":[{\"itemIdentifier\":\"z\"}]}    | a b c",
                "not an object: all failed  | [\"b\"]                                                | a b c",
            })
    void readsAnAnswerAsLambdaDoes(String rule, String answer, String expected) {
        Set<String> want = expected.isBlank() ? Set.of() : Set.of(expected.split(" "));
        assertThat(failed(false, true, answer)).as(rule).containsExactlyInAnyOrderElementsOf(want);
    }

    @org.junit.jupiter.api.Test
    void anErrorFailsTheBatchAndWithoutReportingAnyAnswerSucceeds() {
        assertThat(failed(true, true, "{\"batchItemFailures\":[]}")).containsExactly("a", "b", "c");
        assertThat(failed(false, false, "{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}"))
                .isEmpty();
        assertThat(failed(false, false, "not json")).isEmpty();
    }
}
