package dev.kfn.gateway;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Functions of the cluster as an informer keeps them: a call looks its function up in memory, never
 * in the API server, so the gateway's latency and the API server's load do not grow with traffic.
 */
@ApplicationScoped
public class FunctionCatalog {

    private final KubernetesClient client;
    private final AtomicLong changes = new AtomicLong();
    private SharedIndexInformer<Function> informer;

    public FunctionCatalog(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        informer = client.resources(Function.class).inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Function fn) {
                changes.incrementAndGet();
            }

            @Override
            public void onUpdate(Function before, Function after) {
                changes.incrementAndGet();
            }

            @Override
            public void onDelete(Function fn, boolean finalStateUnknown) {
                changes.incrementAndGet();
            }
        });
        informer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    public Optional<Function> find(FunctionId function) {
        return Optional.ofNullable(
                informer.getStore().getByKey(Cache.namespaceKeyFunc(function.namespace(), function.name())));
    }

    /** Every Function the informer holds. */
    public List<Function> all() {
        return informer.getStore().list();
    }

    /** Grows with every change the informer sees; what is derived from {@link #all()} is stale once it has moved. */
    public long changes() {
        return changes.get();
    }

    /** True once the first list has arrived; before that, every function would look absent. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }
}
