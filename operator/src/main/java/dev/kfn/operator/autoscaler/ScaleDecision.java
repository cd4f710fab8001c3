package dev.kfn.operator.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The autoscaler's decision for one function at one instant: pure, with the clock passed in, so the
 * whole behaviour is a table of inputs and outputs.
 *
 * @param desired instances to run
 * @param reason  why, in one word (as Kubernetes reasons are)
 * @param history what to remember for the next decision
 */
public record ScaleDecision(int desired, String reason, ScaleHistory history) {

    public static final String SCALE_UP = "ScaledUp";
    public static final String SCALE_DOWN = "ScaledDown";
    public static final String SCALE_TO_ZERO = "ScaledToZero";
    public static final String STEADY = "Steady";
    public static final String HELD = "HeldForWindow";
    public static final String DEMAND_UNKNOWN = "DemandUnknown";

    /**
     * @param demand ready + unacknowledged invocations of both queues; empty when it could not be read
     * @param current instances the Deployment asks for now
     */
    public static ScaleDecision decide(
            OptionalLong demand, ScalingPolicy policy, ScaleHistory history, int current, Instant now) {
        if (demand.isEmpty()) {
            // never scale down on a failed read: keeping instances is always safe, dropping them is not; the
            // provisioned floor needs no read (a new queue has no figures until the broker's next statistics)
            int kept = Math.max(current, Math.min(policy.floor(), policy.cap()));
            return new ScaleDecision(kept, kept > current ? SCALE_UP : DEMAND_UNKNOWN, history);
        }
        int wanted = policy.clamp(policy.wanted(demand.getAsLong()));
        ScaleHistory next = history.record(wanted, demand.getAsLong() > 0, now, policy.scaleDownDelay());
        if (wanted > current) {
            return new ScaleDecision(wanted, SCALE_UP, next);
        }
        int target = Math.min(current, Math.max(wanted, next.highestWanted()));
        if (target == 0 && idleFor(next, now).compareTo(policy.scaleToZeroAfter()) < 0) {
            target = Math.min(current, 1);
        }
        if (target == current) {
            return new ScaleDecision(current, wanted < current ? HELD : STEADY, next);
        }
        return new ScaleDecision(target, target == 0 ? SCALE_TO_ZERO : SCALE_DOWN, next);
    }

    private static Duration idleFor(ScaleHistory history, Instant now) {
        return Duration.between(history.lastDemand(), now);
    }
}
