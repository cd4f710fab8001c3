package dev.kfn.gateway.dbchange;

import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionStatusReports;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code status.databaseChanges}, where the reader of a trigger's slot says how far it lags and a gateway that cannot
 * read it says why — the operator turns that into {@code TriggersReady=False} naming the trigger.
 */
final class DatabaseChangeStatusWriter {

    private final FunctionStatusReports reports;

    DatabaseChangeStatusWriter(KubernetesClient client, FunctionCatalog catalog) {
        this.reports = new FunctionStatusReports(client, catalog);
    }

    void report(DatabaseChangeSource source, DatabaseChangeStatus entry) {
        reports.report(
                source.function(),
                "databaseChanges",
                FunctionStatus::getDatabaseChanges,
                (fn, now) -> merged(fn, now, entry));
    }

    /**
     * The entries of the Function's current databaseChange triggers, this one's replaced; those of triggers that
     * went are left out. Pure.
     */
    static List<DatabaseChangeStatus> merged(Function fn, List<DatabaseChangeStatus> now, DatabaseChangeStatus entry) {
        List<Trigger> triggers = fn.getSpec() == null ? List.of() : fn.getSpec().getTriggers();
        List<DatabaseChangeStatus> next = new ArrayList<>();
        for (DatabaseChangeStatus existing : now) {
            Integer index = existing.getTrigger();
            boolean current = index != null
                    && index >= 0
                    && index < triggers.size()
                    && triggers.get(index) != null
                    && triggers.get(index).getDatabaseChange() != null
                    && Objects.equals(existing.getSlot(), ReplicationSlot.name(fn.id(), index));
            if (current && !index.equals(entry.getTrigger())) {
                next.add(existing);
            }
        }
        next.add(entry);
        next.sort(Comparator.comparing(DatabaseChangeStatus::getTrigger));
        return next;
    }
}
