package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueRetryTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void triesAgainAfterASecondWhenTheQueuesHaveJustFailed() {
        assertThat(QueueRetry.after(NOW, NOW)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void waitsAsLongAsTheQueuesHaveBeenFailingSoEachWaitDoublesTheLast() {
        Instant since = NOW.minusSeconds(8);
        Duration wait = QueueRetry.after(since, NOW);
        assertThat(wait).isEqualTo(Duration.ofSeconds(8));
        assertThat(QueueRetry.after(since, NOW.plus(wait))).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void neverWaitsMoreThanFiveMinutes() {
        assertThat(QueueRetry.after(NOW.minus(Duration.ofHours(3)), NOW)).isEqualTo(Duration.ofMinutes(5));
    }
}
