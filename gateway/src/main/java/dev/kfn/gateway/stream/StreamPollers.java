package dev.kfn.gateway.stream;

import com.rabbitmq.client.Connection;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.StreamSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.StreamTopology;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvocationMetrics;
import dev.kfn.gateway.Invoker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs a {@link PartitionPoller} for every partition of every stream trigger of every Function the catalog holds,
 * started, changed and stopped with the Functions and their Streams. Every replica tries every partition; the lease
 * lets one of them read it, and the others try again each second, so a replica that goes is replaced within about a
 * second. A trigger whose spec is wrong or whose Stream does not exist is left to the operator, which reports it.
 */
@ApplicationScoped
public class StreamPollers {

    private static final Logger LOG = Logger.getLogger(StreamPollers.class);

    record Key(String namespace, String name, int trigger, int partition) {}

    record Wanted(StreamSource source, StreamTopology stream) {}

    private final FunctionCatalog catalog;
    private final StreamCatalog streams;
    private final Invoker invoker;
    private final GatewayConfig config;
    private final BrokerSettings broker;
    private final StreamStatusWriter status;
    private final InvocationMetrics metrics;
    private final Map<Key, PartitionPoller> running = new HashMap<>();
    private final Map<Key, Wanted> runningFor = new HashMap<>();
    private ScheduledExecutorService timer;
    private Connection connection;

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
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kfn-stream-pollers");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::reconcile, 0, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer == null) {
            return;
        }
        try {
            timer.submit(() -> {
                        running.values().forEach(PartitionPoller::close);
                        running.clear();
                        runningFor.clear();
                        closeConnection();
                    })
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf(e, "Stream pollers not stopped cleanly; their batches in flight are delivered again");
        }
        timer.shutdown();
    }

    /** Every partition the Functions' stream triggers read, of Streams that exist; invalid triggers are left out. */
    static Map<Key, Wanted> wanted(List<Function> functions, StreamCatalog streams) {
        Map<Key, Wanted> wanted = new HashMap<>();
        for (Function fn : functions) {
            if (fn.getSpec() == null || fn.getSpec().getTriggers() == null || invalid(fn)) {
                continue;
            }
            List<Trigger> triggers = fn.getSpec().getTriggers();
            for (int i = 0; i < triggers.size(); i++) {
                if (triggers.get(i) == null || triggers.get(i).getStream() == null) {
                    continue;
                }
                try {
                    StreamSource source =
                            StreamSource.read(fn.id(), i, triggers.get(i).getStream());
                    Optional<StreamTopology> stream = streams.find(fn.id().namespace(), source.stream());
                    if (stream.isEmpty()) {
                        continue;
                    }
                    for (int p = 0; p < stream.get().partitions(); p++) {
                        wanted.put(
                                new Key(fn.id().namespace(), fn.id().name(), i, p), new Wanted(source, stream.get()));
                    }
                } catch (IllegalArgumentException e) {
                    // the operator reports it as TriggersReady=False
                }
            }
        }
        return wanted;
    }

    private static boolean invalid(Function fn) {
        return Optional.ofNullable(fn.getStatus())
                .flatMap(status -> status.condition(FunctionStatus.READY))
                .filter(ready -> "False".equals(ready.getStatus())
                        && FunctionStatus.REASON_INVALID_SPEC.equals(ready.getReason()))
                .isPresent();
    }

    private void reconcile() {
        try {
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
        } catch (RuntimeException e) {
            LOG.warnf(e, "Stream triggers not reconciled; trying again in a second");
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
                            connection(),
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

    /**
     * One connection for every reader, not recovered by the client: its leases go with it, and a reader whose channel
     * closed is replaced whole on the next pass, resuming from its checkpoint.
     */
    private Connection connection() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            closeConnection();
            var factory = broker.connectionFactory();
            factory.setAutomaticRecoveryEnabled(false);
            // a connection a shutdown missed must not hold the process
            factory.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, "kfn-gateway-stream-pollers-amqp");
                thread.setDaemon(true);
                return thread;
            });
            connection = factory.newConnection("kfn-gateway-stream-pollers");
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.abort();
            } finally {
                connection = null;
            }
        }
    }
}
