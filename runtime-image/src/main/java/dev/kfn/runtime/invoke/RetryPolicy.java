package dev.kfn.runtime.invoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What happens to an asynchronous event: pure decisions, so they are tested without a broker. */
public record RetryPolicy(int maxRetries, List<Duration> delays, Duration maxEventAge) {

    public sealed interface AfterFailure permits Retry, GiveUp {}

    /** Wait {@code delay} in the retry queue of {@code failedAttempt}, then run attempt {@code failedAttempt + 1}. */
    public record Retry(int failedAttempt, Duration delay) implements AfterFailure {}

    public record GiveUp() implements AfterFailure {}

    public RetryPolicy {
        if (delays.size() < maxRetries) {
            throw new IllegalArgumentException(maxRetries + " retries need " + maxRetries + " delays, got " + delays);
        }
    }

    /** Too old to run, counted from the first publish. */
    public boolean expired(Instant enqueuedAt, Instant now) {
        return Duration.between(enqueuedAt, now).compareTo(maxEventAge) > 0;
    }

    public AfterFailure afterFailure(int attempt) {
        if (attempt <= maxRetries) {
            return new Retry(attempt, delays.get(attempt - 1));
        }
        return new GiveUp();
    }
}
