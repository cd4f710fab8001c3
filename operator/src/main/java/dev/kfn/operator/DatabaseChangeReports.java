package dev.kfn.operator;

import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import dev.kfn.contract.ReplicationSlot;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateways report of the Function's databaseChange triggers in {@code status.databaseChanges}: a database
 * they cannot reach, a table that does not exist, a login without replication permission, a connection missing
 * from the Secret. The gateway reads the Secret and the database, so the operator needs neither; it turns each report
 * into a trigger problem, and reconciles the Function when the reports change (a status patch changes no
 * generation, so the primary informer would not).
 */
final class DatabaseChangeReports {

    static final String NAME = "database-change-reports";

    private DatabaseChangeReports() {}

    static InformerEventSource<Function, Function> eventSource(EventSourceContext<Function> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Function.class, Function.class)
                        .withName(NAME)
                        .withNamespacesInheritedFromController()
                        // lag alone changes no condition
                        .withOnAddFilter(fn -> !problems(fn).isEmpty())
                        .withOnUpdateFilter((now, before) -> !problems(now).equals(problems(before)))
                        .withOnDeleteFilter((fn, unknown) -> false)
                        .withSecondaryToPrimaryMapper(changed -> Set.of(ResourceID.fromResource(changed)))
                        .build(),
                context);
    }

    /** Each reported problem of a trigger the spec still has, named by its place. Pure. */
    static List<String> problems(Function fn) {
        List<DatabaseChangeStatus> reports =
                fn.getStatus() == null ? null : fn.getStatus().getDatabaseChanges();
        if (reports == null || fn.getSpec() == null || fn.getSpec().getTriggers() == null) {
            return List.of();
        }
        List<Trigger> triggers = fn.getSpec().getTriggers();
        List<String> problems = new ArrayList<>();
        for (DatabaseChangeStatus report : reports) {
            Integer index = report.getTrigger();
            if (report.getError() == null
                    || index == null
                    || index < 0
                    || index >= triggers.size()
                    || triggers.get(index) == null
                    || triggers.get(index).getDatabaseChange() == null
                    || !Objects.equals(report.getSlot(), ReplicationSlot.name(fn.id(), index))) {
                continue;
            }
            problems.add("spec.triggers[" + index + "].databaseChange: " + report.getError());
        }
        return List.copyOf(problems);
    }
}
