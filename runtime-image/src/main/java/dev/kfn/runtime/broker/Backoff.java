package dev.kfn.runtime.broker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts to reach something on the broker: doubling from {@code first} up to {@code max}, each cut
 * to a random 50–100 %, so that the hosts of a whole cluster do not come back to a restarted broker in lockstep.
 */
public record Backoff(Duration first, Duration max) {

    /** The wait after {@code failures} failed attempts in a row (0 = after the first failure). */
    public Duration delay(int failures) {
        return delay(failures, ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} in [0, 1). */
    Duration delay(int failures, double random) {
        long full = first.toMillis() << Math.min(failures, 20);
        long capped = Math.min(Math.max(full, first.toMillis()), max.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.5 + random / 2)));
    }
}
