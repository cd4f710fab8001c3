package dev.kfn.local;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.InvokePath;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;
import java.util.Set;

/** What kfn local says of a Function when its Ready condition changes: its URL once ready, why when it cannot be. */
final class StatusLine {

    /** Ready=False on the way to ready: an instance starting, the Deployment being made. Not worth a line. */
    private static final Set<String> ON_THE_WAY = Set.of("Creating", "InstancesStarting");

    private StatusLine() {}

    /** @param gateway the gateway's URL, null when it is not built */
    static Optional<String> of(Function fn, String gateway) {
        Optional<Condition> ready = Optional.ofNullable(fn.getStatus()).flatMap(s -> s.condition(FunctionStatus.READY));
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        String name = fn.getMetadata().getName();
        Condition condition = ready.get();
        if ("True".equals(condition.getStatus())) {
            if (gateway == null) {
                return Optional.of("  " + name + ": ready");
            }
            String url = gateway + InvokePath.of(fn.id());
            String functionUrl = Optional.ofNullable(fn.getStatus().getUrl())
                    .map(address -> "\n      function URL: curl -s " + address)
                    .orElse("");
            return Optional.of("  " + name + ": ready at " + url + "\n      curl -s " + url + " -d '{\"name\":\"kfn\"}'"
                    + functionUrl);
        }
        if (FunctionStatus.REASON_INVALID_SPEC.equals(condition.getReason())) {
            return Optional.of("  " + name + ": invalid: " + condition.getMessage());
        }
        if (condition.getReason() == null || ON_THE_WAY.contains(condition.getReason())) {
            return Optional.empty();
        }
        return Optional.of("  " + name + ": not ready (" + condition.getReason() + "): " + condition.getMessage());
    }
}
