package dev.kfn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void failedAttemptsDoubleTheWaitUpToTheMax() {
        ReconnectBackoff backoff = new ReconnectBackoff(FIRST, MAX);

        assertThat(backoff.afterFailure()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterFailure()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterFailure()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.afterFailure()).isEqualTo(MAX);
        assertThat(backoff.afterFailure()).isEqualTo(MAX);
    }

    @Test
    void lossOfAHealthySessionStartsOver() {
        ReconnectBackoff backoff = new ReconnectBackoff(FIRST, MAX);
        backoff.afterFailure();
        backoff.afterFailure();
        backoff.afterFailure();

        assertThat(backoff.afterLoss(Duration.ofMinutes(10))).isEqualTo(FIRST);
        assertThat(backoff.afterFailure()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sessionsThatKeepDyingSoonAfterOpeningBackOffLikeFailedAttempts() {
        ReconnectBackoff backoff = new ReconnectBackoff(FIRST, MAX);

        assertThat(backoff.afterLoss(Duration.ofMillis(50))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterLoss(Duration.ofMillis(50))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.afterLoss(Duration.ofMillis(50))).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.afterLoss(Duration.ofMillis(50))).isEqualTo(MAX);
    }

    @Test
    void maxBelowTheFirstWaitIsTheFirstWait() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(3), Duration.ofSeconds(1));

        assertThat(backoff.afterFailure()).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.afterFailure()).isEqualTo(Duration.ofSeconds(3));
    }
}
