package dev.kfn.gateway.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvocationMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Keeps this gateway instance connected to the broker. The plain RabbitMQ client is used rather than the
 * messaging connector because every call needs what the connector hides: a per-message confirm or nack
 * (a full queue's {@code reject-publish}), mandatory returns, and one exclusive reply queue matched by
 * correlation id. Reconnection is done here, not by the client's automatic recovery, so that while the
 * broker is away callers are refused at once and every caller whose reply was on the lost connection is
 * answered at once.
 */
@ApplicationScoped
public class BrokerLink {

    private static final Logger LOG = Logger.getLogger(BrokerLink.class);

    private final ConnectionFactory factory = new ConnectionFactory();
    private final GatewayConfig.Broker config;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicInteger sessions = new AtomicInteger();
    private final InvocationMetrics metrics;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kfn-broker-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile BrokerSession session;
    private volatile String lastFailure;
    private volatile boolean stopping;

    public BrokerLink(GatewayConfig config, InvocationMetrics metrics) {
        this.metrics = metrics;
        this.config = config.broker();
        factory.setHost(this.config.host());
        factory.setPort(this.config.port());
        factory.setVirtualHost(this.config.vhost());
        factory.setUsername(this.config.username());
        factory.setPassword(this.config.password());
        factory.setConnectionTimeout((int) this.config.connectTimeout().toMillis());
        factory.setRequestedHeartbeat(10);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
    }

    void start(@Observes StartupEvent event) {
        reconnector.execute(this::connect);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        reconnector.shutdownNow();
        BrokerSession current = session;
        if (current != null) {
            try {
                current.connection().close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf(e, "closing the broker connection");
            }
        }
    }

    /** The live session; never waits for one. */
    public BrokerSession session() {
        BrokerSession current = session;
        String problem = current == null ? "not connected to the broker" + (lastFailure == null ? "" : ": " + lastFailure)
            : current.unusableBecause();
        if (problem != null) {
            throw new BrokerUnavailableException(problem, null);
        }
        return current;
    }

    public boolean connected() {
        BrokerSession current = session;
        return current != null && current.unusableBecause() == null;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        Connection connection = null;
        try {
            connection = factory.newConnection("kfn-gateway");
            // a fresh reply queue per connection: after a network cut the broker may hold the old exclusive
            // queue until it notices the old connection is dead, and callers of that connection are answered already
            String replyQueue = "kfn.reply." + instance + "." + sessions.incrementAndGet();
            BrokerSession opened = new BrokerSession(connection, replyQueue, config.publisherChannels(), metrics::replyUnmatched);
            connection.addShutdownListener(cause -> lost(opened, cause));
            session = opened;
            lastFailure = null;
            LOG.infof("Connected to the broker at %s:%d; replies come to %s", config.host(), config.port(), replyQueue);
        } catch (IOException | TimeoutException | RuntimeException e) {
            if (lastFailure == null) {
                LOG.warnf("Cannot reach the broker at %s:%d (%s); retrying every %s", config.host(), config.port(), e, config.reconnectInterval());
            }
            lastFailure = e.toString();
            closeQuietly(connection);
            reconnector.schedule(this::connect, config.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void lost(BrokerSession lost, ShutdownSignalException cause) {
        if (session == lost) {
            session = null;
        }
        lastFailure = cause.getMessage();
        lost.fail(new BrokerUnavailableException("the connection to the broker was lost", cause));
        if (!cause.isInitiatedByApplication() && !stopping) {
            LOG.warnf("Lost the broker connection (%s); reconnecting", cause.getMessage());
            reconnector.schedule(this::connect, config.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null && connection.isOpen()) {
            try {
                connection.abort();
            } catch (RuntimeException e) {
                LOG.debugf(e, "aborting a half-opened broker connection");
            }
        }
    }
}
