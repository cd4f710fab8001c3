package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StreamSourceTest {

    private static final FunctionId FN = new FunctionId("shop", "orders");

    private static StreamSource read(Consumer<StreamTrigger> change) {
        StreamTrigger trigger = new StreamTrigger();
        trigger.setName("clicks");
        change.accept(trigger);
        return StreamSource.read(FN, 1, trigger);
    }

    @Test
    void defaultsAreLambdas() {
        StreamSource source = read(t -> {});
        assertThat(source.startingPosition()).isEqualTo(StreamSource.StartingPosition.LATEST);
        assertThat(source.batchSize()).isEqualTo(100);
        assertThat(source.batchWindow()).isZero();
        assertThat(source.maximumRetryAttempts()).isEqualTo(StreamSource.FOREVER);
        assertThat(source.maximumRecordAge()).isEmpty();
        assertThat(source.bisectBatchOnFunctionError()).isFalse();
        assertThat(source.parallelizationFactor()).isEqualTo(1);
        assertThat(source.reportBatchItemFailures()).isFalse();
        assertThat(source.onFailureQueue()).isEmpty();
    }

    @Test
    void atTimestampNeedsItsTimestampAndNothingElseTakesOne() {
        assertThatThrownBy(() -> read(t -> t.setStartingPosition("AT_TIMESTAMP")))
                .hasMessageStartingWith("spec.triggers[1].stream.startingPositionTimestamp:");
        assertThatThrownBy(() -> read(t -> t.setStartingPositionTimestamp("2026-12-01T10:00:00Z")))
                .hasMessageStartingWith("spec.triggers[1].stream.startingPositionTimestamp:");
        assertThatThrownBy(() -> read(t -> {
                    t.setStartingPosition("AT_TIMESTAMP");
                    t.setStartingPositionTimestamp("yesterday");
                }))
                .hasMessageContaining("is not an RFC 3339 time");
        StreamSource at = read(t -> {
            t.setStartingPosition("AT_TIMESTAMP");
            t.setStartingPositionTimestamp("2026-12-01T11:00:00+01:00");
        });
        assertThat(at.startingPositionTimestamp()).contains(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void refusesValuesOutsideLambdasBounds() {
        assertThatThrownBy(() -> read(t -> t.setBatchSize(10_001)))
                .hasMessage("spec.triggers[1].stream.batchSize: 10001 is outside 1 to 10000");
        assertThatThrownBy(() -> read(t -> t.setBatchWindow("301s")))
                .hasMessage("spec.triggers[1].stream.batchWindow: 301s is over 300s");
        assertThatThrownBy(() -> read(t -> t.setMaximumRetryAttempts(-2)))
                .hasMessage("spec.triggers[1].stream.maximumRetryAttempts: -2 is outside -1 to 10000");
        assertThatThrownBy(() -> read(t -> t.setMaximumRecordAge("59s")))
                .hasMessage("spec.triggers[1].stream.maximumRecordAge: 59s is outside 60s to 168h");
        assertThatThrownBy(() -> read(t -> t.setParallelizationFactor(11)))
                .hasMessage("spec.triggers[1].stream.parallelizationFactor: 11 is outside 1 to 10");
        assertThatThrownBy(() -> read(t -> t.setStartingPosition("EARLIEST")))
                .hasMessageContaining("is not TRIM_HORIZON, LATEST or AT_TIMESTAMP");
    }

    @Test
    void givesUpIntoAQueueOfItsOwnNamespaceOnly() {
        Destination other = new Destination();
        other.setQueue("billing.failures");
        assertThatThrownBy(() -> read(t -> t.setOnFailure(other)))
                .hasMessageStartingWith("spec.triggers[1].stream.onFailure.queue: billing.failures is not a queue of");
        Destination function = new Destination();
        function.setFunction("audit");
        assertThatThrownBy(() -> read(t -> t.setOnFailure(function)))
                .hasMessage("spec.triggers[1].stream.onFailure: a stream trigger's on-failure destination is a queue");
        Destination own = new Destination();
        own.setQueue("shop.failures");
        assertThat(read(t -> t.setOnFailure(own)).onFailureQueue()).contains("shop.failures");
    }

    @Test
    void retriesCountTheFirstCallOutAndMinusOneMeansForever() {
        StreamSource twice = read(t -> t.setMaximumRetryAttempts(2));
        assertThat(twice.retriesLeft(1)).isTrue();
        assertThat(twice.retriesLeft(2)).isTrue();
        assertThat(twice.retriesLeft(3)).isFalse();
        assertThat(read(t -> t.setMaximumRetryAttempts(0)).retriesLeft(1)).isFalse();
        assertThat(read(t -> {}).retriesLeft(1_000_000)).isTrue();
    }

    @Test
    void aRecordIsTooOldOnlyPastTheMaximumAge() {
        Instant arrival = Instant.parse("2026-12-01T10:00:00Z");
        StreamSource minute = read(t -> t.setMaximumRecordAge("60s"));
        assertThat(minute.tooOld(arrival, arrival.plus(Duration.ofSeconds(60)))).isFalse();
        assertThat(minute.tooOld(arrival, arrival.plus(Duration.ofSeconds(61)))).isTrue();
        assertThat(read(t -> {}).tooOld(arrival, arrival.plus(Duration.ofDays(30))))
                .isFalse();
    }
}
