package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy lambdaDefaults =
            new RetryPolicy(2, List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)), Duration.ofHours(6));

    @Test
    void retriesWithLambdasDelaysThenGivesUp() {
        assertThat(lambdaDefaults.afterFailure(1)).isEqualTo(new RetryPolicy.Retry(1, Duration.ofMinutes(1)));
        assertThat(lambdaDefaults.afterFailure(2)).isEqualTo(new RetryPolicy.Retry(2, Duration.ofMinutes(2)));
        assertThat(lambdaDefaults.afterFailure(3)).isInstanceOf(RetryPolicy.GiveUp.class);
    }

    @Test
    void noRetriesGivesUpAfterTheFirstAttempt() {
        RetryPolicy none = new RetryPolicy(0, List.of(), Duration.ofHours(6));
        assertThat(none.afterFailure(1)).isInstanceOf(RetryPolicy.GiveUp.class);
    }

    @Test
    void eventAgeCountsFromTheFirstPublish() {
        Instant now = Instant.ofEpochMilli(10_000_000_000L);
        assertThat(lambdaDefaults.expired(now.minus(Duration.ofHours(6)), now)).isFalse();
        assertThat(lambdaDefaults.expired(now.minus(Duration.ofHours(6)).minusMillis(1), now))
                .isTrue();
    }

    @Test
    void rejectsFewerDelaysThanRetries() {
        assertThatThrownBy(() -> new RetryPolicy(2, List.of(Duration.ofSeconds(1)), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
