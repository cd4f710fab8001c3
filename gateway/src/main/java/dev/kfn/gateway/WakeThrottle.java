package dev.kfn.gateway;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one autoscaler wake per function per interval: a burst of calls to a function at zero needs one
 * wake, not one per call, and the autoscaler evaluates every wake it hears.
 */
public final class WakeThrottle {

    private final long intervalNanos;
    private final Map<FunctionId, Long> lastWake = new ConcurrentHashMap<>();

    public WakeThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** True when this call should send the wake; {@code nowNanos} from {@link System#nanoTime()}. */
    public boolean claim(FunctionId fn, long nowNanos) {
        boolean[] claimed = new boolean[1];
        lastWake.compute(fn, (key, last) -> {
            if (last == null || nowNanos - last >= intervalNanos) {
                claimed[0] = true;
                return nowNanos;
            }
            return last;
        });
        return claimed[0];
    }
}
