package dev.kfn.operator.autoscaler;

import dev.kfn.contract.FunctionId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Functions the last evaluation found at zero with no demand, and what they looked like then. Such a
 * function needs instances again only when something says so — a wake, its Function or Deployment
 * changing, the queue listing showing messages — so a tick skips it otherwise: an idle function costs
 * a few lookups, not an evaluation. Each tick still evaluates one slice of them, so every function is
 * looked at once per {@link #SLICES} ticks whatever a signal missed.
 */
final class RestingFunctions {

    static final int SLICES = 20;

    /** The versions a function was seen resting at. */
    record Rest(String functionVersion, String deploymentVersion) {}

    private final Map<FunctionId, Rest> resting = new HashMap<>();

    /** After an evaluation: remembered when it left the function at zero with no demand, forgotten otherwise. */
    void evaluated(FunctionId id, Rest seen, boolean idle) {
        if (idle) {
            resting.put(id, seen);
        } else {
            resting.remove(id);
        }
    }

    /**
     * Whether a tick may skip the function.
     *
     * @param signalled woken, or holding instances, or the listing shows it messages: it is evaluated
     */
    boolean skips(FunctionId id, Rest now, boolean signalled, long tick) {
        return mayStayResting(resting.get(id), now, signalled, inSlice(id, tick));
    }

    void forget(FunctionId id) {
        resting.remove(id);
    }

    static boolean mayStayResting(Rest last, Rest now, boolean signalled, boolean inSlice) {
        return last != null && Objects.equals(last, now) && !signalled && !inSlice;
    }

    static boolean inSlice(FunctionId id, long tick) {
        return Math.floorMod(id.hashCode(), SLICES) == Math.floorMod(tick, SLICES);
    }
}
