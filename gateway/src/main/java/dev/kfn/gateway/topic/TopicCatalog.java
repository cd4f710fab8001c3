package dev.kfn.gateway.topic;

import dev.kfn.api.Topic;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/** The Topics of the cluster as an informer keeps them, so a publish looks its topic up in memory. */
@ApplicationScoped
public class TopicCatalog {

    private final KubernetesClient client;
    private SharedIndexInformer<Topic> informer;

    public TopicCatalog(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        informer = client.resources(Topic.class).inAnyNamespace().runnableInformer(0);
        informer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    public Optional<Topic> find(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    /** True once the first list has arrived; before that, every topic would look absent. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }
}
