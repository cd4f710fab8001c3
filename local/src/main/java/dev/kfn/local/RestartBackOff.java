package dev.kfn.local;

import java.time.Duration;

/**
 * How long kfn local waits before starting a component again, as the kubelet's crash-loop back-off does: the first
 * restart soon, each further one twice as late up to {@code max}; a component that stayed live for {@code stableAfter}
 * starts from {@code first} again.
 */
public record RestartBackOff(Duration first, Duration max, Duration stableAfter) {

    public static final RestartBackOff DEFAULT =
            new RestartBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** The wait before restart {@code restart} (1-based) of a run of restarts without a stable spell between them. */
    public Duration before(int restart) {
        if (restart < 1) {
            throw new IllegalArgumentException("restart " + restart + " is not 1-based");
        }
        // shifts past 30 would overflow; the bound is reached long before
        long factor = 1L << Math.min(restart - 1, 30);
        Duration wait = first.multipliedBy(factor);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** Whether a component live for {@code live} since its last start has earned a fresh back-off. */
    public boolean stable(Duration live) {
        return live.compareTo(stableAfter) >= 0;
    }
}
