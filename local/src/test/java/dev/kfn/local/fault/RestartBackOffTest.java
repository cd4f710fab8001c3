package dev.kfn.local.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.local.RestartBackOff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackOffTest {

    private final RestartBackOff backOff = RestartBackOff.DEFAULT;

    @Test
    void waitsTwiceAsLongAfterEachRestartUpToTheBound() {
        assertThat(backOff.before(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.before(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backOff.before(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backOff.before(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backOff.before(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aComponentLiveForAMinuteEarnsAFreshBackOff() {
        assertThat(backOff.stable(Duration.ofSeconds(59))).isFalse();
        assertThat(backOff.stable(Duration.ofSeconds(60))).isTrue();
    }
}
