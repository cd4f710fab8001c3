package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IteratorAgeTest {

    private static final Instant HANDED_OVER = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void isTheTimeFromTheLastRecordToTheHandOver() {
        assertThat(IteratorAge.of(HANDED_OVER.minusMillis(1_500), HANDED_OVER)).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void isZeroForARecordHandedOverAsItArrived() {
        assertThat(IteratorAge.of(HANDED_OVER, HANDED_OVER)).isZero();
    }

    @Test
    void isNeverNegativeWhenTheStampingClockRunsAhead() {
        assertThat(IteratorAge.of(HANDED_OVER.plusMillis(20), HANDED_OVER)).isZero();
    }
}
