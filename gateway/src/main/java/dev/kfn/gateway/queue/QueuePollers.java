package dev.kfn.gateway.queue;

import dev.kfn.api.Function;
import dev.kfn.api.QueueSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.DeclaredTriggers;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.PollerThread;
import dev.kfn.gateway.broker.ReplacedConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs a {@link QueuePoller} for every queue trigger of every Function the catalog holds, started, changed and
 * stopped with the Functions. Every gateway replica polls every trigger (competing consumers of the queue), so a
 * trigger's batches in flight grow with the replicas. A trigger whose spec is wrong is left to the operator, which
 * reports it in the Function's status; one whose queue is missing is retried every second (the operator reports
 * that too, in TriggersReady).
 */
@ApplicationScoped
public class QueuePollers {

    private static final Logger LOG = Logger.getLogger(QueuePollers.class);

    private final FunctionCatalog catalog;
    private final Invoker invoker;
    private final GatewayConfig config;
    private final ReplacedConnection connection;
    private final Map<DeclaredTriggers.Key, QueuePoller> running = new HashMap<>();
    private final Map<DeclaredTriggers.Key, String> refused = new HashMap<>();
    private PollerThread thread;

    public QueuePollers(FunctionCatalog catalog, Invoker invoker, GatewayConfig config, Config mpConfig) {
        this.catalog = catalog;
        this.invoker = invoker;
        this.config = config;
        this.connection = new ReplacedConnection(
                BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class)),
                "kfn-gateway-queue-pollers");
    }

    void start(@Observes StartupEvent event) {
        thread = PollerThread.start("queue", this::reconcile);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        thread.stop(
                () -> {
                    running.values().forEach(QueuePoller::close);
                    running.clear();
                    connection.abort();
                },
                Duration.ofSeconds(10),
                "what they held goes back to the queues");
    }

    /** The queue triggers the Functions declare, read as the operator reads them; invalid ones are left out. */
    static Map<DeclaredTriggers.Key, QueueSource> wanted(List<Function> functions) {
        return DeclaredTriggers.of(functions, Trigger::getQueue, QueueSource::read);
    }

    private void reconcile() {
        if (!catalog.synced()) {
            return;
        }
        Map<DeclaredTriggers.Key, QueueSource> wanted = wanted(catalog.all());
        running.entrySet().removeIf(entry -> {
            QueueSource source = wanted.get(entry.getKey());
            if (source != null
                    && source.equals(entry.getValue().source())
                    && entry.getValue().alive()) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
        refused.keySet().retainAll(wanted.keySet());
        for (Map.Entry<DeclaredTriggers.Key, QueueSource> entry : wanted.entrySet()) {
            if (!running.containsKey(entry.getKey())) {
                startPoller(entry.getKey(), entry.getValue());
            }
        }
        running.values().forEach(QueuePoller::rescale);
    }

    private void startPoller(DeclaredTriggers.Key key, QueueSource source) {
        try {
            running.put(
                    key, new QueuePoller(source, connection.get(), invoker, catalog, config.region(), thread.timer()));
            refused.remove(key);
            LOG.infof("Polling %s for %s (trigger %d)", source.queue(), source.function(), source.trigger());
        } catch (IOException | TimeoutException | RuntimeException e) {
            String why = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            if (!why.equals(refused.put(key, why))) {
                LOG.warnf("Cannot poll %s for %s yet: %s", source.queue(), source.function(), why);
            }
        }
    }
}
