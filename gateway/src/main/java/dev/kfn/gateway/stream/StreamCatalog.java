package dev.kfn.gateway.stream;

import dev.kfn.api.SpecDuration;
import dev.kfn.api.Stream;
import dev.kfn.api.StreamSpec;
import dev.kfn.contract.StreamTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.OptionalLong;

/** The Streams of the cluster as an informer keeps them, so a put or a poller looks its stream up in memory. */
@ApplicationScoped
public class StreamCatalog {

    private final KubernetesClient client;
    private SharedIndexInformer<Stream> informer;

    public StreamCatalog(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        informer = client.resources(Stream.class).inAnyNamespace().runnableInformer(0);
        informer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** The stream's broker topology, as its spec has it now; empty while the namespace has no such Stream. */
    public Optional<StreamTopology> find(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)))
                .map(StreamCatalog::topology);
    }

    /** True once the first list has arrived; before that, every stream would look absent. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /** Pure: a Stream on the broker; the stream queue's age limit is written in seconds. */
    static StreamTopology topology(Stream stream) {
        StreamSpec spec = stream.getSpec() == null ? new StreamSpec() : stream.getSpec();
        int partitions = spec.getPartitions() == null ? StreamSpec.PARTITIONS_DEFAULT : spec.getPartitions();
        Optional<String> maxAge = Optional.ofNullable(spec.getMaxAge())
                .map(age -> Math.max(1, SpecDuration.parse(age).toSeconds()) + "s");
        OptionalLong maxBytes = spec.getMaxBytes() == null ? OptionalLong.empty() : OptionalLong.of(spec.getMaxBytes());
        OptionalLong segmentBytes =
                spec.getSegmentBytes() == null ? OptionalLong.empty() : OptionalLong.of(spec.getSegmentBytes());
        return new StreamTopology(
                stream.getMetadata().getNamespace(),
                stream.getMetadata().getName(),
                partitions,
                maxAge,
                maxBytes,
                segmentBytes);
    }
}
