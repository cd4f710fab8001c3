package dev.kfn.gateway.dbchange;

import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.gateway.FunctionCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gateway's one status write: {@code status.databaseChanges}, where the reader of a trigger's slot says how far
 * it lags and a gateway that cannot read it says why — the operator turns that into {@code TriggersReady=False}
 * naming the trigger. Written only when the entry changes, as a JSON patch that sets the member (a merge patch's
 * array handling differs between API servers) and fails if the Function changed since the catalog read it; the
 * next report tries again.
 */
final class DatabaseChangeStatusWriter {

    private static final Logger LOG = Logger.getLogger(DatabaseChangeStatusWriter.class);

    private final KubernetesClient client;
    private final FunctionCatalog catalog;

    DatabaseChangeStatusWriter(KubernetesClient client, FunctionCatalog catalog) {
        this.client = client;
        this.catalog = catalog;
    }

    void report(DatabaseChangeSource source, DatabaseChangeStatus entry) {
        Optional<Function> found = catalog.find(source.function());
        if (found.isEmpty()) {
            return;
        }
        Function fn = found.get();
        List<DatabaseChangeStatus> now = Optional.ofNullable(fn.getStatus())
                .map(FunctionStatus::getDatabaseChanges)
                .orElse(List.of());
        List<DatabaseChangeStatus> next = merged(fn, now, entry);
        if (next.equals(now)) {
            return;
        }
        var json = client.getKubernetesSerialization();
        // a Function the operator has not reported on yet has no status to add the member to
        String set = fn.getStatus() == null
                ? "{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"databaseChanges\":" + json.asJson(next) + "}}"
                : "{\"op\":\"add\",\"path\":\"/status/databaseChanges\",\"value\":" + json.asJson(next) + "}";
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":"
                + json.asJson(fn.getMetadata().getResourceVersion()) + "}," + set + "]";
        try {
            client.resources(Function.class)
                    .inNamespace(source.function().namespace())
                    .withName(source.function().name())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "status.databaseChanges of %s not written; the next report tries again", source.function());
        }
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
