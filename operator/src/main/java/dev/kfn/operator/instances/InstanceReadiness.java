package dev.kfn.operator.instances;

import dev.kfn.api.FunctionStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The function's {@code InstancesReady} from what its instances report: {@code False}, reason {@code InitError},
 * naming each instance whose handler failed its init and the error, so {@code Ready} says so instead of "ready"
 * and a call is not the first to tell. Pure.
 */
public final class InstanceReadiness {

    private InstanceReadiness() {}

    /** @return the Warning Event's message when the function has just turned to InitError */
    public static Optional<String> report(Set<InitFailure> failures, FunctionStatus previous, FunctionStatus status) {
        if (failures.isEmpty()) {
            status.markInstancesReady();
            return Optional.empty();
        }
        List<String> described = failures.stream()
                .sorted(Comparator.comparing(InitFailure::pod))
                .map(InitFailure::describe)
                .toList();
        status.markInitFailed(described);
        boolean already = Optional.ofNullable(previous)
                .flatMap(p -> p.condition(FunctionStatus.INSTANCES_READY))
                .filter(c -> FunctionStatus.REASON_INIT_ERROR.equals(c.getReason()))
                .isPresent();
        return already ? Optional.empty() : Optional.of(described.get(0));
    }
}
