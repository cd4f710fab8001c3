package dev.kfn.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kubernetes' garbage collector for the embedded API, which stores ownerReferences but runs no controller that reads
 * them: an object none of whose owners exists any more (by name and uid) is deleted, as the cluster's collector does
 * in the background. So a Function's Secret, Deployment and Service go with it.
 */
final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
    private static final long PERIOD_MILLIS = 500;

    private final KubernetesClient client;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kfn-garbage-collector"));

    GarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    GarbageCollector start() {
        loop.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The kinds kfn's operator owns objects of. */
    private List<List<? extends HasMetadata>> dependents() {
        return List.of(
                client.secrets().inAnyNamespace().list().getItems(),
                client.configMaps().inAnyNamespace().list().getItems(),
                client.services().inAnyNamespace().list().getItems(),
                client.apps().deployments().inAnyNamespace().list().getItems(),
                client.network().networkPolicies().inAnyNamespace().list().getItems(),
                client.pods().inAnyNamespace().list().getItems());
    }

    private void sweep() {
        try {
            // one answer per owner within a sweep: many objects share one Function
            Map<OwnerKey, Boolean> present = new HashMap<>();
            for (List<? extends HasMetadata> objects : dependents()) {
                for (HasMetadata object : objects) {
                    String namespace = object.getMetadata().getNamespace();
                    if (isOrphan(
                            object.getMetadata().getOwnerReferences(),
                            ref -> present.computeIfAbsent(new OwnerKey(namespace, ref), this::exists))) {
                        client.resource(object).delete();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "garbage collection pass failed", e);
        }
    }

    /** An object with owners goes once none of them exists; one with none is nobody's to collect. */
    static boolean isOrphan(List<OwnerReference> owners, Function<OwnerReference, Boolean> exists) {
        if (owners == null || owners.isEmpty()) {
            return false;
        }
        return owners.stream().noneMatch(exists::apply);
    }

    private boolean exists(OwnerKey key) {
        OwnerReference ref = key.ref();
        try {
            GenericKubernetesResource owner = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind())
                    .inNamespace(key.namespace())
                    .withName(ref.getName())
                    .get();
            // an owner deleted and made again under its name is another object
            return Optional.ofNullable(owner)
                    .map(o -> ref.getUid() == null
                            || ref.getUid().equals(o.getMetadata().getUid()))
                    .orElse(false);
        } catch (KubernetesClientException e) {
            // an owner of a kind the API does not serve cannot be told absent: keep what it owns
            return true;
        }
    }

    private record OwnerKey(String namespace, OwnerReference ref) {}

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
