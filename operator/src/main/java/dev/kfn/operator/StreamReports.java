package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.StreamStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.StreamTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateways report of the Function's stream triggers in {@code status.streams}: records a partition's
 * retention dropped before the trigger read them. Such a partition is a trigger problem, reason
 * {@link FunctionStatus#REASON_RECORDS_EXPIRED}, until its reader has caught up with the partition's newest record;
 * the other partitions and triggers read on meanwhile. Pure.
 */
final class StreamReports {

    private StreamReports() {}

    /** Each partition still catching up after an expiry, of a trigger the spec still has on that Stream. */
    static List<String> problems(Function fn) {
        List<StreamStatus> reports =
                fn.getStatus() == null ? null : fn.getStatus().getStreams();
        if (reports == null || fn.getSpec() == null || fn.getSpec().getTriggers() == null) {
            return List.of();
        }
        List<Trigger> triggers = fn.getSpec().getTriggers();
        List<String> problems = new ArrayList<>();
        for (StreamStatus report : reports) {
            Integer index = report.getTrigger();
            if (!Boolean.TRUE.equals(report.getCatchingUp())
                    || index == null
                    || index < 0
                    || index >= triggers.size()
                    || triggers.get(index) == null
                    || triggers.get(index).getStream() == null
                    || !Objects.equals(
                            report.getStream(), triggers.get(index).getStream().getName())
                    || report.getPartition() == null
                    || report.getLastExpiredFrom() == null
                    || report.getLastExpiredTo() == null) {
                continue;
            }
            long from = report.getLastExpiredFrom();
            long to = report.getLastExpiredTo();
            problems.add("spec.triggers[" + index + "].stream: records " + from + " to " + to + " (" + (to - from + 1)
                    + ") of Stream " + report.getStream() + " " + StreamTopology.shardId(report.getPartition())
                    + " expired before they were read (the Stream's maxAge or maxBytes); catching up from " + (to + 1));
        }
        return List.copyOf(problems);
    }

    /** The problems TriggersReady did not name before: each is a Warning Event, once. */
    static List<String> unreported(FunctionStatus previous, List<String> problems) {
        String named = Optional.ofNullable(previous)
                .flatMap(p -> p.condition(FunctionStatus.TRIGGERS_READY))
                .filter(c -> "False".equals(c.getStatus()) && c.getMessage() != null)
                .map(c -> c.getMessage())
                .orElse("");
        return problems.stream().filter(p -> !named.contains(p)).toList();
    }
}
