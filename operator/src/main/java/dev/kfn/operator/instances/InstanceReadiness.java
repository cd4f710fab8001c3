package dev.kfn.operator.instances;

import dev.kfn.api.FunctionStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The function's {@code InstancesReady} from what its instances report: {@code False}, naming each instance that
 * cannot serve and why, so {@code Ready} says so instead of "ready" and a call is not the first to tell. The
 * reason is {@code InitError} when a handler failed its init (the cause a crash loop often hides), else
 * {@code CrashLoop}. Pure.
 */
public final class InstanceReadiness {

    private InstanceReadiness() {}

    /** @return the Warning Event's reason and message when the function has just turned to this reason */
    public static Optional<Warning> report(
            Set<InstanceFailure> failures, FunctionStatus previous, FunctionStatus status) {
        if (failures.isEmpty()) {
            status.markInstancesReady();
            return Optional.empty();
        }
        List<String> described = failures.stream()
                .sorted(Comparator.comparing(InstanceFailure::kind).thenComparing(InstanceFailure::pod))
                .map(InstanceFailure::describe)
                .toList();
        String reason = failures.stream().anyMatch(f -> f.kind() == InstanceFailure.Kind.INIT_ERROR)
                ? FunctionStatus.REASON_INIT_ERROR
                : FunctionStatus.REASON_CRASH_LOOP;
        status.markInstancesFailing(reason, described);
        boolean already = Optional.ofNullable(previous)
                .flatMap(p -> p.condition(FunctionStatus.INSTANCES_READY))
                .filter(c -> reason.equals(c.getReason()))
                .isPresent();
        return already ? Optional.empty() : Optional.of(new Warning(reason, described.get(0)));
    }

    /** A Warning Event to record. */
    public record Warning(String reason, String message) {}
}
