package dev.kfn.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.api.StreamSource;
import dev.kfn.api.StreamStatus;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ExpiredRunTest {

    private static final FunctionId FN = new FunctionId("shop", "counter");
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    private static Trigger stream(String name) {
        StreamTrigger stream = new StreamTrigger();
        stream.setName(name);
        Trigger trigger = new Trigger();
        trigger.setStream(stream);
        return trigger;
    }

    private static StreamSource source(int index, String name) {
        return StreamSource.read(FN, index, stream(name).getStream());
    }

    @Test
    void aHoleBelowThePartitionsOldestRecordIsWhatExpired() {
        LongSupplier unasked = () -> {
            throw new AssertionError("the oldest record is asked only for a hole");
        };
        assertThat(ExpiredRun.between(99, 100, unasked)).isEmpty();
        assertThat(ExpiredRun.between(99, 42, unasked)).isEmpty();
        // a first read from a starting position knows of nothing before it
        assertThat(ExpiredRun.between(-1, 500, unasked)).isEmpty();
        assertThat(ExpiredRun.between(99, 200, () -> 200)).contains(new ExpiredRun(100, 199));
        assertThat(new ExpiredRun(100, 199).records()).isEqualTo(100);
        // retention went on after the record came: what the reader got is not lost
        assertThat(ExpiredRun.between(99, 200, () -> 250)).contains(new ExpiredRun(100, 199));
        // the partition still has older records: the hole is the broker's own offset at a segment's start
        assertThat(ExpiredRun.between(99, 101, () -> 0)).isEmpty();
        assertThat(ExpiredRun.between(99, 101, () -> 100)).isEmpty();
        assertThat(ExpiredRun.between(0, 150, () -> 120)).contains(new ExpiredRun(1, 119));
        // the segment after the one just dropped starts with the broker's offset, below the oldest record
        assertThat(ExpiredRun.between(71, 73, unasked)).isEmpty();
        assertThat(ExpiredRun.between(71, 74, () -> 74)).contains(new ExpiredRun(72, 73));
    }

    @Test
    void eachRunAddsToTheCountAndIsTheLastOneUntilTheReaderCatchesUp() {
        StreamSource source = source(1, "clicks");
        StreamStatus first = new ExpiredRun(1, 10).recordedIn(Optional.empty(), source, 2, AT);
        assertThat(first).isEqualTo(new StreamStatus(1, "clicks", 2, 10L, 1L, 10L, AT.toString(), true));

        StreamStatus caughtUp = ExpiredRun.caughtUp(first);
        assertThat(caughtUp).isEqualTo(new StreamStatus(1, "clicks", 2, 10L, 1L, 10L, AT.toString(), null));

        Instant later = AT.plusSeconds(60);
        assertThat(new ExpiredRun(50, 54).recordedIn(Optional.of(caughtUp), source, 2, later))
                .isEqualTo(new StreamStatus(1, "clicks", 2, 15L, 50L, 54L, later.toString(), true));
        // what the trigger lost on another Stream does not count
        StreamStatus elsewhere = new StreamStatus(1, "views", 2, 7L, 1L, 7L, AT.toString(), null);
        assertThat(new ExpiredRun(50, 54)
                        .recordedIn(Optional.of(elsewhere), source, 2, later)
                        .getExpiredRecords())
                .isEqualTo(5L);
    }

    @Test
    void theEntryReplacesItsPartitionsAndDropsThoseOfTriggersThatWentOrMoved() {
        Function fn = TestFunctions.java(FN, spec -> spec.setTriggers(List.of(stream("clicks"), stream("views"))));
        StreamStatus clicks0 = new StreamStatus(0, "clicks", 0, 3L, 1L, 3L, AT.toString(), null);
        StreamStatus views1 = new StreamStatus(1, "views", 1, 4L, 1L, 4L, AT.toString(), true);
        StreamStatus movedStream = new StreamStatus(0, "orders", 3, 4L, 1L, 4L, AT.toString(), true);
        StreamStatus gone = new StreamStatus(5, "clicks", 0, 4L, 1L, 4L, AT.toString(), true);
        StreamStatus views1Now = new StreamStatus(1, "views", 1, 4L, 1L, 4L, AT.toString(), null);
        StreamStatus views0 = new StreamStatus(1, "views", 0, 9L, 1L, 9L, AT.toString(), true);

        assertThat(StreamStatusWriter.merged(fn, List.of(views1, clicks0, movedStream, gone), views1Now))
                .containsExactly(clicks0, views1Now);
        assertThat(StreamStatusWriter.merged(fn, List.of(views1, clicks0), views0))
                .containsExactly(clicks0, views0, views1);
        assertThat(StreamStatusWriter.merged(fn, List.of(), clicks0)).containsExactly(clicks0);
    }
}
