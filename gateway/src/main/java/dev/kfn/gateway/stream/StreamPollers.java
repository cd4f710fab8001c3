package dev.kfn.gateway.stream;

import dev.kfn.api.Function;
import dev.kfn.api.StreamSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.StreamTopology;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.DeclaredTriggers;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvocationMetrics;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.PollerThread;
import dev.kfn.gateway.broker.ReplacedConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs a {@link PartitionPoller} for every partition of every stream trigger of every Function the catalog holds,
 * started, changed and stopped with the Functions and their Streams. Every replica tries every partition; the lease
 * lets one of them read it, and the others try again each second, so a replica that goes is replaced within about a
 * second. A trigger whose spec is wrong or whose Stream does not exist is left to the operator, which reports it.
 * The readers share one connection, not recovered by the client: their leases go with it, and a reader whose
 * channel closed is replaced whole on the next pass, resuming from its checkpoint.
 */
@ApplicationScoped
public class StreamPollers {

    private static final Logger LOG = Logger.getLogger(StreamPollers.class);

    record Key(DeclaredTriggers.Key trigger, int partition) {}

    record Wanted(StreamSource source, StreamTopology stream) {}

    private final FunctionCatalog catalog;
    private final StreamCatalog streams;
    private final Invoker invoker;
    private final GatewayConfig config;
    private final ReplacedConnection connection;
    private final StreamStatusWriter status;
    private final InvocationMetrics metrics;
    private final Map<Key, PartitionPoller> running = new HashMap<>();
    private final Map<Key, Wanted> runningFor = new HashMap<>();
    private PollerThread thread;

    public StreamPollers(
            FunctionCatalog catalog,
            StreamCatalog streams,
            Invoker invoker,
            GatewayConfig config,
            KubernetesClient client,
            Config mpConfig,
            InvocationMetrics metrics) {
        this.catalog = catalog;
        this.streams = streams;
        this.invoker = invoker;
        this.metrics = metrics;
        this.config = config;
        this.status = new StreamStatusWriter(client, catalog);
        this.connection = new ReplacedConnection(
                BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class)),
                "kfn-gateway-stream-pollers");
    }

    void start(@Observes StartupEvent event) {
        thread = PollerThread.start("stream", this::reconcile);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        thread.stop(
                () -> {
                    running.values().forEach(PartitionPoller::close);
                    running.clear();
                    runningFor.clear();
                    connection.abort();
                },
                Duration.ofSeconds(30),
                "their batches in flight are delivered again");
    }

    /** Every partition the Functions' stream triggers read, of Streams that exist; invalid triggers are left out. */
    static Map<Key, Wanted> wanted(List<Function> functions, StreamCatalog streams) {
        Map<Key, Wanted> wanted = new HashMap<>();
        DeclaredTriggers.of(functions, Trigger::getStream, StreamSource::read).forEach((trigger, source) -> {
            Optional<StreamTopology> stream = streams.find(trigger.namespace(), source.stream());
            for (int p = 0; stream.isPresent() && p < stream.get().partitions(); p++) {
                wanted.put(new Key(trigger, p), new Wanted(source, stream.get()));
            }
        });
        return wanted;
    }

    private void reconcile() {
        if (!catalog.synced() || !streams.synced()) {
            return;
        }
        Map<Key, Wanted> wanted = wanted(catalog.all(), streams);
        running.entrySet().removeIf(entry -> {
            Wanted now = wanted.get(entry.getKey());
            if (now != null
                    && now.equals(runningFor.get(entry.getKey()))
                    && entry.getValue().alive()) {
                return false;
            }
            entry.getValue().close();
            runningFor.remove(entry.getKey());
            return true;
        });
        for (Map.Entry<Key, Wanted> entry : wanted.entrySet()) {
            if (!running.containsKey(entry.getKey())) {
                startPoller(entry.getKey(), entry.getValue());
            }
        }
    }

    private void startPoller(Key key, Wanted wanted) {
        try {
            running.put(
                    key,
                    new PartitionPoller(
                            wanted.source(),
                            wanted.stream(),
                            key.partition(),
                            connection.get(),
                            invoker,
                            catalog,
                            config.region(),
                            status,
                            metrics));
            runningFor.put(key, wanted);
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(
                    e,
                    "Cannot read stream %s for %s yet",
                    wanted.source().stream(),
                    wanted.source().function());
        }
    }
}
