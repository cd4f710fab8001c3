package dev.kfn.gateway.dbchange;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.DatabaseConnection;
import dev.kfn.api.DatabaseCredentials;
import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.DeclaredTriggers;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvocationMetrics;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.PollerThread;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Runs a {@link DatabaseChangePoller} for every databaseChange trigger of every Function the catalog holds, started,
 * changed and stopped with the Functions; each replica runs them all and the slots pick one reader each. When a
 * trigger goes (its Function deleted, the trigger removed, its table or connection changed) its slot and publication
 * are dropped, so no forgotten slot keeps the database's write-ahead log. A trigger whose spec is wrong is left to
 * the operator, which reports it in the Function's status, as it reports a database it cannot reach.
 */
@ApplicationScoped
public class DatabaseChangePollers {

    private static final Logger LOG = Logger.getLogger(DatabaseChangePollers.class);
    private static final Duration DROP_PATIENCE = Duration.ofSeconds(60);

    private final FunctionCatalog catalog;
    private final Invoker invoker;
    private final GatewayConfig config;
    private final KubernetesClient client;
    private final BrokerSettings broker;
    private final InvocationMetrics metrics;
    private final DatabaseChangeStatusWriter status;
    private final Map<DeclaredTriggers.Key, DatabaseChangePoller> running = new HashMap<>();
    private PollerThread thread;
    private Connection brokerConnection;

    public DatabaseChangePollers(
            FunctionCatalog catalog,
            Invoker invoker,
            GatewayConfig config,
            KubernetesClient client,
            Config mpConfig,
            InvocationMetrics metrics) {
        this.catalog = catalog;
        this.invoker = invoker;
        this.metrics = metrics;
        this.config = config;
        this.client = client;
        this.status = new DatabaseChangeStatusWriter(client, catalog);
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        thread = PollerThread.start("databaseChange", this::reconcile);
    }

    /** The slots stay: the next gateway to start reads on from where this one confirmed. */
    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        thread.stop(
                () -> {
                    running.values().forEach(DatabaseChangePoller::close);
                    running.clear();
                    closeBroker();
                },
                Duration.ofSeconds(20),
                "their slots resume from what they confirmed");
    }

    /** The databaseChange triggers the Functions declare, read as the operator reads them; invalid ones left out. */
    static Map<DeclaredTriggers.Key, DatabaseChangeSource> wanted(List<Function> functions) {
        return DeclaredTriggers.of(functions, Trigger::getDatabaseChange, DatabaseChangeSource::read);
    }

    /** Whether a changed trigger still reads the same changes from the same slot. */
    private static boolean sameStream(DatabaseChangeSource a, DatabaseChangeSource b) {
        return a.connection().equals(b.connection()) && a.qualifiedTable().equals(b.qualifiedTable());
    }

    private void reconcile() {
        if (!catalog.synced()) {
            return;
        }
        Map<DeclaredTriggers.Key, DatabaseChangeSource> wanted = wanted(catalog.all());
        running.entrySet().removeIf(entry -> {
            DatabaseChangeSource source = wanted.get(entry.getKey());
            DatabaseChangePoller poller = entry.getValue();
            if (poller.source().equals(source)) {
                return false;
            }
            poller.close();
            if (source == null || !sameStream(source, poller.source())) {
                poller.lastCredentials().ifPresent(credentials -> dropLater(poller.slot(), credentials, Instant.now()));
            }
            return true;
        });
        wanted.forEach((key, source) -> running.computeIfAbsent(key, k -> start(source)));
    }

    private DatabaseChangePoller start(DatabaseChangeSource source) {
        LOG.infof(
                "Reading changes of %s for %s (trigger %d)",
                source.qualifiedTable(), source.function(), source.trigger());
        return new DatabaseChangePoller(
                source,
                () -> credentials(source),
                invoker,
                catalog,
                config.region(),
                this::giveUp,
                status::report,
                metrics);
    }

    private DatabaseCredentials credentials(DatabaseChangeSource source) {
        String namespace = source.function().namespace();
        return DatabaseCredentials.from(
                namespace,
                source.connection(),
                client.secrets()
                        .inNamespace(namespace)
                        .withName(DatabaseConnection.SECRET)
                        .get());
    }

    /**
     * Drops the slot and publication of a trigger that went, on the timer, until the slot is free (its reader on
     * another replica lets go within a second of seeing the same change) or patience runs out.
     */
    private void dropLater(String slot, DatabaseCredentials credentials, Instant since) {
        try (var admin = ReplicationObjects.connect(credentials, false)) {
            if (ReplicationObjects.drop(admin, slot)) {
                LOG.infof("Dropped replication slot and publication %s", slot);
                return;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debugf(e, "Replication slot %s not dropped yet", slot);
        }
        if (Duration.between(since, Instant.now()).compareTo(DROP_PATIENCE) > 0) {
            LOG.warnf(
                    "Replication slot %s is still held; drop it with: select pg_drop_replication_slot('%s')",
                    slot, slot);
            return;
        }
        thread.timer().schedule(() -> dropLater(slot, credentials, since), 1, TimeUnit.SECONDS);
    }

    /** Lambda's batch-info record to the trigger's on-failure queue (confirmed), else to the log. */
    private void giveUp(DatabaseChangeSource source, byte[] batchInfo) {
        String record = new String(batchInfo, StandardCharsets.UTF_8);
        if (source.onFailureQueue().isEmpty()) {
            LOG.warnf(
                    "databaseChange trigger %d of %s gave a batch up: %s", source.trigger(), source.function(), record);
            return;
        }
        try {
            synchronized (this) {
                if (brokerConnection == null || !brokerConnection.isOpen()) {
                    brokerConnection = broker.connectionFactory().newConnection("kfn-gateway-dbchange");
                }
                try (Channel channel = brokerConnection.createChannel()) {
                    channel.confirmSelect();
                    channel.basicPublish(
                            "",
                            source.onFailureQueue().get(),
                            true,
                            new AMQP.BasicProperties.Builder()
                                    .contentType("application/json")
                                    .deliveryMode(2)
                                    .build(),
                            batchInfo);
                    channel.waitForConfirmsOrDie(10_000);
                }
            }
        } catch (Exception e) {
            LOG.warnf(
                    e,
                    "databaseChange trigger %d of %s gave a batch up and could not send it to %s: %s",
                    source.trigger(),
                    source.function(),
                    source.onFailureQueue().get(),
                    record);
        }
    }

    private synchronized void closeBroker() {
        if (brokerConnection != null) {
            brokerConnection.abort();
            brokerConnection = null;
        }
    }
}
