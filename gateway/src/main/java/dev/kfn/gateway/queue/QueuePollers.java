package dev.kfn.gateway.queue;

import com.rabbitmq.client.Connection;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.QueueSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.Invoker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private record Key(String namespace, String name, int trigger) {}

    private final FunctionCatalog catalog;
    private final Invoker invoker;
    private final GatewayConfig config;
    private final BrokerSettings broker;
    private final Map<Key, QueuePoller> running = new HashMap<>();
    private final Map<Key, String> refused = new HashMap<>();
    private ScheduledExecutorService timer;
    private Connection connection;

    public QueuePollers(FunctionCatalog catalog, Invoker invoker, GatewayConfig config, Config mpConfig) {
        this.catalog = catalog;
        this.invoker = invoker;
        this.config = config;
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kfn-queue-pollers");
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
                        running.values().forEach(QueuePoller::close);
                        running.clear();
                        closeConnection();
                    })
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warnf(e, "Queue pollers not stopped cleanly; what they held goes back to the queues");
        }
        timer.shutdown();
    }

    /** The queue triggers the Functions declare, read as the operator reads them; invalid ones are left out. */
    static Map<Key, QueueSource> wanted(List<Function> functions) {
        Map<Key, QueueSource> wanted = new HashMap<>();
        for (Function fn : functions) {
            if (fn.getSpec() == null || fn.getSpec().getTriggers() == null || invalid(fn)) {
                continue;
            }
            List<Trigger> triggers = fn.getSpec().getTriggers();
            for (int i = 0; i < triggers.size(); i++) {
                if (triggers.get(i) == null || triggers.get(i).getQueue() == null) {
                    continue;
                }
                try {
                    QueueSource source =
                            QueueSource.read(fn.id(), i, triggers.get(i).getQueue());
                    wanted.put(new Key(fn.id().namespace(), fn.id().name(), i), source);
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
            if (!catalog.synced()) {
                return;
            }
            Map<Key, QueueSource> wanted = wanted(catalog.all());
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
            for (Map.Entry<Key, QueueSource> entry : wanted.entrySet()) {
                if (!running.containsKey(entry.getKey())) {
                    startPoller(entry.getKey(), entry.getValue());
                }
            }
            running.values().forEach(QueuePoller::rescale);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Queue triggers not reconciled; trying again in a second");
        }
    }

    private void startPoller(Key key, QueueSource source) {
        try {
            running.put(key, new QueuePoller(source, connection(), invoker, catalog, config.region(), timer));
            refused.remove(key);
            LOG.infof("Polling %s for %s (trigger %d)", source.queue(), source.function(), source.trigger());
        } catch (IOException | TimeoutException | RuntimeException e) {
            String why = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            if (!why.equals(refused.put(key, why))) {
                LOG.warnf("Cannot poll %s for %s yet: %s", source.queue(), source.function(), why);
            }
        }
    }

    /**
     * One connection for every poller. Not recovered by the client: a poller whose channel closed is replaced
     * whole on the next pass, so no ack ever goes to a delivery tag of a channel that is gone.
     */
    private Connection connection() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            closeConnection();
            var factory = broker.connectionFactory();
            factory.setAutomaticRecoveryEnabled(false);
            connection = factory.newConnection("kfn-gateway-queue-pollers");
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
