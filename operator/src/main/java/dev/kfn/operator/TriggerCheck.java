package dev.kfn.operator;

import dev.kfn.api.FunctionStatus;
import dev.kfn.api.QueueSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.operator.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a function's triggers cannot fire, each named by its place in the spec: a kind kfn does not serve yet,
 * or a served kind set up wrongly (an HTTP route that does not parse or that another Function serves). The rest
 * fire regardless, and nothing else of the function waits for them. Pure.
 */
public record TriggerCheck(List<String> problems, boolean unsupported) {

    /** http and queue are the gateway's, schedule the operator's; every other kind is yet to come. */
    static final Set<String> SERVED = Set.of("http", "queue", "schedule");

    /** @param routeProblems the HTTP routes the gateway does not serve, from {@link RouteNeighbours#problems} */
    public static TriggerCheck of(FunctionId function, List<Trigger> triggers, List<String> routeProblems) {
        List<String> problems = new ArrayList<>();
        boolean unsupported = false;
        for (int i = 0; i < triggers.size(); i++) {
            String field = "spec.triggers[" + i + "]";
            Optional<String> kind = triggers.get(i).kind();
            // a trigger of no kind or of several is an invalid spec, reported by FunctionValidation
            if (kind.isEmpty()) {
                continue;
            }
            if (!SERVED.contains(kind.get())) {
                problems.add(field + ": " + kind.get() + " triggers are not supported yet");
                unsupported = true;
            } else if (kind.get().equals("schedule")) {
                try {
                    Schedule.read(triggers.get(i).getSchedule(), field + ".schedule");
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            } else if (kind.get().equals("queue")) {
                try {
                    QueueSource.read(function, i, triggers.get(i).getQueue());
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        problems.addAll(routeProblems);
        return new TriggerCheck(List.copyOf(problems), unsupported);
    }

    /** Unsupported wins the reason: no change to the trigger fixes it, only a newer kfn. */
    public FunctionStatus report(FunctionStatus status) {
        if (problems.isEmpty()) {
            return status.markTriggersReady();
        }
        return status.markTriggersFailed(
                unsupported ? FunctionStatus.REASON_UNSUPPORTED_TRIGGER : FunctionStatus.REASON_INVALID_TRIGGER,
                problems);
    }
}
