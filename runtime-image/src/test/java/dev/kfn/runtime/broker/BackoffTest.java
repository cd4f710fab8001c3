package dev.kfn.runtime.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void doublesFromTheFirstDelayUpToTheCap() {
        assertThat(backoff.delay(0, 0.999_999)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1, 0.999_999)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(2, 0.999_999)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(3, 0.999_999)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(1_000, 0.999_999)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterTakesAtMostHalfOff() {
        assertThat(backoff.delay(0, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(backoff.delay(2, 0.5)).isEqualTo(Duration.ofMillis(3_000));
    }
}
