package dev.kfn.runtime.invoke;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What happens to an asynchronous event: pure decisions, so they are tested without a broker. */
public record RetryPolicy(int maxRetries, List<Duration> delays, Duration maxEventAge) {

    public sealed interface AfterFailure permits Retry, GiveUp {
    }

    /** Wait {@code delay} in the retry queue of {@code failedAttempt}, then run attempt {@code failedAttempt + 1}. */
    public record Retry(int failedAttempt, Duration delay) implements AfterFailure {
    }

    public record GiveUp() implements AfterFailure {
    }

    public RetryPolicy {
        if (delays.size() < maxRetries) {
            throw new IllegalArgumentException(maxRetries + " retries need " + maxRetries + " delays, got " + delays);
        }
    }

    /** Too old to run, counted from the first publish; an event without a timestamp never is. */
    public boolean expired(Optional<Long> enqueuedAtMillis, long nowMillis) {
        return enqueuedAtMillis.map(t -> nowMillis - t > maxEventAge.toMillis()).orElse(false);
    }

    public AfterFailure afterFailure(int attempt) {
        if (attempt <= maxRetries) {
            return new Retry(attempt, delays.get(attempt - 1));
        }
        return new GiveUp();
    }
}
