package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.StreamStatus;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReportsTest {

    private static final FunctionId FN = new FunctionId("shop", "counter");
    private static final String AT = "2026-12-02T10:00:00Z";

    private static Function reported(List<Trigger> triggers, StreamStatus... reports) {
        Function fn = TestFunctions.java(FN, spec -> spec.setTriggers(triggers));
        fn.setStatus(new FunctionStatus());
        fn.getStatus().setStreams(List.of(reports));
        return fn;
    }

    private static Trigger stream(String name) {
        StreamTrigger stream = new StreamTrigger();
        stream.setName(name);
        Trigger trigger = new Trigger();
        trigger.setStream(stream);
        return trigger;
    }

    private static Trigger http() {
        Trigger trigger = new Trigger();
        trigger.setHttp(new HttpTrigger());
        return trigger;
    }

    @Test
    void namesEachPartitionStillCatchingUpWithWhatItLost() {
        Function fn = reported(
                List.of(http(), stream("clicks")),
                new StreamStatus(1, "clicks", 0, 250L, 1L, 100L, AT, null),
                new StreamStatus(1, "clicks", 2, 180L, 1L, 180L, AT, true));
        assertThat(StreamReports.problems(fn))
                .containsExactly("spec.triggers[1].stream: records 1 to 180 (180) of Stream clicks"
                        + " shardId-000000000002 expired before they were read (the Stream's maxAge or maxBytes);"
                        + " catching up from 181");
    }

    @Test
    void leavesOutReportsOfTriggersThatWentOrReadAnotherStream() {
        Function fn = reported(
                List.of(http(), stream("clicks")),
                new StreamStatus(0, "clicks", 0, 1L, 1L, 1L, AT, true),
                new StreamStatus(1, "views", 0, 1L, 1L, 1L, AT, true),
                new StreamStatus(4, "clicks", 0, 1L, 1L, 1L, AT, true));
        assertThat(StreamReports.problems(fn)).isEmpty();
        fn.setStatus(null);
        assertThat(StreamReports.problems(fn)).isEmpty();
    }

    @Test
    void expiredRecordsAreTheReasonOnlyWhenNoTriggerIsInvalid() {
        List<String> expired = List.of("spec.triggers[1].stream: records 1 to 2 (2) of Stream clicks …");
        Condition alone = TriggerCheck.of(FN, List.of(http(), stream("clicks")), List.of())
                .withExpired(expired)
                .report(new FunctionStatus())
                .condition(FunctionStatus.TRIGGERS_READY)
                .orElseThrow();
        assertThat(alone.getStatus()).isEqualTo("False");
        assertThat(alone.getReason()).isEqualTo(FunctionStatus.REASON_RECORDS_EXPIRED);
        assertThat(alone.getMessage()).isEqualTo(expired.get(0));

        Condition withInvalid = TriggerCheck.of(FN, List.of(http(), stream("clicks")), List.of("spec.triggers[0]: x"))
                .withExpired(expired)
                .report(new FunctionStatus())
                .condition(FunctionStatus.TRIGGERS_READY)
                .orElseThrow();
        assertThat(withInvalid.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(withInvalid.getMessage()).isEqualTo("spec.triggers[0]: x; " + expired.get(0));
    }

    @Test
    void anExpiryIsAnEventOnceWhenTriggersReadyDidNotNameItYet() {
        String first = "spec.triggers[1].stream: records 1 to 2 (2) of Stream clicks shardId-000000000000 …";
        String second = "spec.triggers[1].stream: records 5 to 9 (5) of Stream clicks shardId-000000000000 …";
        assertThat(StreamReports.unreported(null, List.of(first))).containsExactly(first);
        FunctionStatus named =
                new FunctionStatus().markTriggersFailed(FunctionStatus.REASON_RECORDS_EXPIRED, List.of(first));
        assertThat(StreamReports.unreported(named, List.of(first))).isEmpty();
        assertThat(StreamReports.unreported(named, List.of(second))).containsExactly(second);
        assertThat(StreamReports.unreported(new FunctionStatus().markTriggersReady(), List.of(first)))
                .containsExactly(first);
    }
}
