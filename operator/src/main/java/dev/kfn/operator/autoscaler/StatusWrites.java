package dev.kfn.operator.autoscaler;

import dev.kfn.api.AutoscalingStatus;
import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The autoscaling status last written per function, to be written again when the Function still shows another one
 * once the write has settled. The reconciler's status patch is a diff against the copy it started from: a patch
 * that adds the whole status (its first one) lands over anything written meanwhile, and would otherwise leave
 * {@code status.autoscaling} empty until the next scale.
 */
final class StatusWrites {

    /** Longer than an informer takes to show a write, so a write is not repeated before it could be seen. */
    static final Duration SETTLES_IN = Duration.ofSeconds(2);

    private record Write(AutoscalingStatus status, Instant at) {}

    private final Map<FunctionId, Write> last = new HashMap<>();

    void wrote(FunctionId id, AutoscalingStatus status, Instant at) {
        last.put(id, new Write(status, at));
    }

    /** The status to write again: the last one written, when the Function shows another after the write settled. */
    Optional<AutoscalingStatus> lost(FunctionId id, Function shown, Instant now) {
        Write write = last.get(id);
        if (write == null || write.at().plus(SETTLES_IN).isAfter(now)) {
            return Optional.empty();
        }
        AutoscalingStatus current =
                shown.getStatus() == null ? null : shown.getStatus().getAutoscaling();
        return same(current, write.status()) ? Optional.empty() : Optional.of(write.status());
    }

    Optional<AutoscalingStatus> last(FunctionId id) {
        return Optional.ofNullable(last.get(id)).map(Write::status);
    }

    void forget(FunctionId id) {
        last.remove(id);
    }

    static boolean same(AutoscalingStatus a, AutoscalingStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getQueueDepth(), b.getQueueDepth())
                && Objects.equals(a.getLastScaleTime(), b.getLastScaleTime())
                && Objects.equals(a.getLastScaleReason(), b.getLastScaleReason())
                && Objects.equals(a.getReadError(), b.getReadError());
    }
}
