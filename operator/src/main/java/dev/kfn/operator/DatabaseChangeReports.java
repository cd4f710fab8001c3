package dev.kfn.operator;

import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import dev.kfn.contract.ReplicationSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the gateways report of the Function's databaseChange triggers in {@code status.databaseChanges}: a database
 * they cannot reach, a table that does not exist, a login without replication permission, a connection missing
 * from the Secret. The gateway reads the Secret and the database, so the operator needs neither; it turns each report
 * into a trigger problem ({@link GatewayReports} reconciles the Function when the reports change).
 */
final class DatabaseChangeReports {

    private DatabaseChangeReports() {}

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
