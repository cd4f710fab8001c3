package dev.kfn.operator.autoscaler;

import dev.kfn.api.FunctionSpec;
import dev.kfn.api.SpecDuration;
import java.time.Duration;

/**
 * A function's scaling bounds in instances.
 *
 * @param floor instances kept with no demand: enough for the provisioned concurrency
 * @param cap   most instances: reserved concurrency over per-instance concurrency, else the operator-wide maximum
 */
public record ScalingPolicy(int perInstance, int floor, int cap, Duration scaleDownDelay, Duration scaleToZeroAfter) {

    /**
     * A reserved concurrency below one instance's worth still allows one instance (Lambda users
     * reserve small numbers and expect the function to run); reserved 0 stops the function.
     */
    public static ScalingPolicy of(FunctionSpec spec, int maxInstances) {
        int perInstance = spec.getConcurrency().getPerInstance();
        Integer reserved = spec.getConcurrency().getReserved();
        int cap = reserved == null
                ? maxInstances
                : reserved == 0 ? 0 : Math.min(maxInstances, Math.max(1, reserved / perInstance));
        int floor = Math.min(cap, ceilDiv(spec.getConcurrency().getProvisioned(), perInstance));
        return new ScalingPolicy(
                perInstance,
                floor,
                cap,
                SpecDuration.parse(spec.getScaling().getScaleDownDelay()),
                SpecDuration.parse(spec.getScaling().getScaleToZeroAfter()));
    }

    int wanted(long demand) {
        return (int) Math.min(Integer.MAX_VALUE, ceilDiv(demand, perInstance));
    }

    int clamp(int instances) {
        return Math.max(floor, Math.min(cap, instances));
    }

    private static int ceilDiv(long amount, int per) {
        return (int) ((amount + per - 1) / per);
    }
}
