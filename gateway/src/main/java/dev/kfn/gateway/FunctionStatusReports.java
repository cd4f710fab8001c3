package dev.kfn.gateway;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The gateway's status writes: the members of a Function's status that its readers report ({@code databaseChanges},
 * {@code streams}) and the operator turns into {@code TriggersReady}. A member is written only when it changes, as a
 * JSON patch that sets it (a merge patch's array handling differs between API servers) and fails if the Function
 * changed since the catalog read it; the next report tries again.
 */
public final class FunctionStatusReports {

    private static final Logger LOG = Logger.getLogger(FunctionStatusReports.class);

    private final KubernetesClient client;
    private final FunctionCatalog catalog;

    public FunctionStatusReports(KubernetesClient client, FunctionCatalog catalog) {
        this.client = client;
        this.catalog = catalog;
    }

    /**
     * Sets {@code status.<member>} to what {@code next} makes of the Function and the member it shows now.
     *
     * @param shown the member as the Function shows it, null when absent
     */
    public <T> void report(
            FunctionId function,
            String member,
            java.util.function.Function<FunctionStatus, List<T>> shown,
            BiFunction<Function, List<T>, List<T>> next) {
        Optional<Function> found = catalog.find(function);
        if (found.isEmpty()) {
            return;
        }
        Function fn = found.get();
        List<T> now = Optional.ofNullable(fn.getStatus()).map(shown).orElse(List.of());
        List<T> wanted = next.apply(fn, now);
        if (wanted.equals(now)) {
            return;
        }
        var json = client.getKubernetesSerialization();
        // a Function the operator has not reported on yet has no status to add the member to
        String set = fn.getStatus() == null
                ? "{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"" + member + "\":" + json.asJson(wanted) + "}}"
                : "{\"op\":\"add\",\"path\":\"/status/" + member + "\",\"value\":" + json.asJson(wanted) + "}";
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":"
                + json.asJson(fn.getMetadata().getResourceVersion()) + "}," + set + "]";
        try {
            client.resources(Function.class)
                    .inNamespace(function.namespace())
                    .withName(function.name())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "status.%s of %s not written; the next report tries again", member, function);
        }
    }
}
