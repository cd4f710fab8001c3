package dev.kfn.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.QueueNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Demand from the listing alone (the exact reads need a broker and are covered by AutoscalerTest). */
class DemandReaderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
    private static final FunctionId HELLO = new FunctionId("shop", "hello");
    private static final QueueNames NAMES = HELLO.queues();

    private final DemandReader reader = new DemandReader(Duration.ofSeconds(5));

    private static QueueListing.Counts counts(long ready, Long unacked) {
        return new QueueListing.Counts(
                OptionalLong.of(ready), unacked == null ? OptionalLong.empty() : OptionalLong.of(unacked));
    }

    private void listing(Instant at, QueueListing.Counts sync, QueueListing.Counts async) {
        reader.listing(new QueueListing.Snapshot(Map.of(NAMES.sync(), sync, NAMES.async(), async), at));
    }

    @Test
    void addsReadyAndUnacknowledgedOfBothQueues() {
        listing(NOW.minusSeconds(1), counts(3, 2L), counts(4, 1L));
        assertThat(reader.demand(HELLO, Map.of(), 2, 4, NOW)).hasValue(10);
    }

    @Test
    void withoutUnacknowledgedFiguresTakesEveryInstanceAsBusyButNoMore() {
        listing(NOW.minusSeconds(1), counts(3, null), counts(0, 0L));
        assertThat(reader.demand(HELLO, Map.of(), 2, 4, NOW)).hasValue(8);
        listing(NOW.minusSeconds(1), counts(30, null), counts(0, 0L));
        assertThat(reader.demand(HELLO, Map.of(), 2, 4, NOW)).hasValue(30);
    }

    @Test
    void listedIdleOnlyWhenEveryQueueIsListedEmptyWithNothingUnacknowledged() {
        assertThat(reader.listedIdle(NAMES.invocationQueues())).isFalse();
        listing(NOW, counts(0, 0L), counts(0, 0L));
        assertThat(reader.listedIdle(NAMES.invocationQueues())).isTrue();
        listing(NOW, counts(0, 0L), counts(1, 0L));
        assertThat(reader.listedIdle(NAMES.invocationQueues())).isFalse();
        listing(NOW, counts(0, 1L), counts(0, 0L));
        assertThat(reader.listedIdle(NAMES.invocationQueues())).isFalse();
        listing(NOW, counts(0, null), counts(0, 0L));
        assertThat(reader.listedIdle(NAMES.invocationQueues())).isFalse();
    }

    @Test
    void aStaleListingCountsAsUnknownUnacknowledged() {
        listing(NOW.minusSeconds(60), counts(1, 0L), counts(0, 0L));
        assertThat(reader.demand(HELLO, Map.of(), 3, 1, NOW)).hasValue(3);
    }

    @Test
    void exactReadyCountsWinOverTheListing() {
        listing(NOW.minusSeconds(1), counts(3, 0L), counts(4, 0L));
        assertThat(reader.demand(
                        HELLO, Map.of(NAMES.sync(), OptionalLong.of(10), NAMES.async(), OptionalLong.of(0)), 0, 1, NOW))
                .hasValue(10);
        assertThat(reader.demand(
                        HELLO,
                        Map.of(NAMES.sync(), OptionalLong.empty(), NAMES.async(), OptionalLong.of(0)),
                        0,
                        1,
                        NOW))
                .isEmpty();
    }

    @Test
    void aQueueMissingFromTheListingMakesDemandUnknown() {
        reader.listing(new QueueListing.Snapshot(Map.of(NAMES.sync(), counts(1, 0L)), NOW));
        assertThat(reader.demand(HELLO, Map.of(), 0, 1, NOW)).isEmpty();
    }

    @Test
    void deadLetterDepthIsTheListedReadyCountOrUnknown() {
        assertThat(reader.deadLettered(HELLO)).isEqualTo(-1);
        reader.listing(new QueueListing.Snapshot(Map.of(NAMES.deadLetter(), counts(4, 0L)), NOW));
        assertThat(reader.deadLettered(HELLO)).isEqualTo(4);
    }
}
