package dev.kfn.operator;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try a function's queues again after the broker failed them: after as long as they have been failing,
 * from one second up to five minutes. Each wait about doubles the last, so retries thin out over a long outage,
 * and the wait survives an operator restart because it is read from the status. A broker that comes back cuts
 * the wait short ({@link BrokerReachableEventSource}).
 */
public final class QueueRetry {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MOST = Duration.ofMinutes(5);

    private QueueRetry() {}

    public static Duration after(Instant failingSince, Instant now) {
        Duration failing = Duration.between(failingSince, now);
        if (failing.compareTo(FIRST) < 0) {
            return FIRST;
        }
        return failing.compareTo(MOST) > 0 ? MOST : failing;
    }
}
