package dev.kfn.gateway.websocket;

import dev.kfn.contract.broker.BrokerSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * This replica's {@link ConnectionRelay}, opened at startup and retried until the broker takes it; the broker
 * client's own recovery keeps it after that. Until it is open, calls for other replicas' connections get 503.
 */
@ApplicationScoped
public class ConnectionRelayLink implements ConnectionForwarder {

    private static final Logger LOG = Logger.getLogger(ConnectionRelayLink.class);

    private final BrokerSettings settings;
    private final LocalConnections local;
    private final WebSocketConfig config;
    private final ScheduledExecutorService opener = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kfn-connection-relay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ConnectionRelay relay;

    public ConnectionRelayLink(Config mpConfig, LocalConnections local, WebSocketConfig config) {
        this.settings = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
        this.local = local;
        this.config = config;
    }

    /** One replica token per gateway process. */
    @Produces
    @Singleton
    static LocalConnections localConnections(WebSocketConfig config) {
        return new LocalConnections(ConnectionId.newReplica(), config.maxMessageBytes());
    }

    void start(@Observes StartupEvent event) {
        opener.execute(this::open);
    }

    void stop(@Observes ShutdownEvent event) {
        opener.shutdownNow();
        if (relay != null) {
            relay.close();
        }
    }

    private void open() {
        try {
            var factory = settings.connectionFactory();
            // a connection a shutdown missed must not hold the process
            factory.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, "kfn-connection-relay-amqp");
                thread.setDaemon(true);
                return thread;
            });
            relay = new ConnectionRelay(factory, local, config.relayTimeout());
            LOG.infof(
                    "Connection API calls for replica %s come to %s",
                    local.replica(), ConnectionRelay.queueOf(local.replica()));
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "Cannot open the connection relay yet; retrying");
            opener.schedule(this::open, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public CompletableFuture<ConnectionAnswer> forward(ConnectionRequest request, String replica) {
        ConnectionRelay current = relay;
        if (current == null) {
            return CompletableFuture.completedFuture(
                    ConnectionAnswer.error(503, "ServiceUnavailableException", "The broker is unavailable; try again"));
        }
        return current.forward(request, replica);
    }
}
