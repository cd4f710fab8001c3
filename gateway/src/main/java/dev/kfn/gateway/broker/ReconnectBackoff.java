package dev.kfn.gateway.broker;

import java.time.Duration;

/**
 * The waits between attempts to reach the broker: doubling from {@code first} up to {@code max}. A session that
 * ends soon after it opened counts as one more failed attempt, so a gateway whose sessions keep dying (a broker
 * that accepts and then drops it, a channel error on every start) backs off instead of hammering the broker; one
 * that lasted at least {@code max} was healthy, and the waits start over.
 */
final class ReconnectBackoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    ReconnectBackoff(Duration first, Duration max) {
        this.first = first;
        this.max = max.compareTo(first) < 0 ? first : max;
        this.next = first;
    }

    /** The wait after an attempt to connect failed. */
    synchronized Duration afterFailure() {
        Duration wait = next;
        next = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
        return wait;
    }

    /** The wait after a session that had been open for {@code lived} ended. */
    synchronized Duration afterLoss(Duration lived) {
        if (lived.compareTo(max) >= 0) {
            next = first;
        }
        return afterFailure();
    }
}
