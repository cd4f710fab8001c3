package dev.kfn.gateway.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvocationMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Keeps this gateway instance connected to the broker. The plain RabbitMQ client is used rather than the
 * messaging connector because every call needs what the connector hides: a per-message confirm or nack
 * (a full queue's {@code reject-publish}), mandatory returns, and one exclusive reply queue matched by
 * correlation id. Reconnection is done here, not by the client's automatic recovery, so that while the
 * broker is away callers are refused at once and every caller whose reply was on the lost connection is
 * answered at once. Every end of a session is followed by a new one, whoever ended it: the broker, the
 * network, or the gateway itself aborting a session a channel error or a cancelled reply consumer left broken.
 */
@ApplicationScoped
public class BrokerLink {

    private static final Logger LOG = Logger.getLogger(BrokerLink.class);

    private final BrokerSettings settings;
    private final ConnectionFactory factory;
    private final GatewayConfig.Broker config;
    private final ReconnectBackoff backoff;
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
    /** When the last session ended, by {@link System#nanoTime()}; null before the first one did. */
    private volatile Long disconnectedSince;

    private volatile boolean stopping;

    public BrokerLink(Config mpConfig, GatewayConfig config, InvocationMetrics metrics) {
        this.metrics = metrics;
        this.config = config.broker();
        this.settings = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
        this.factory = settings.connectionFactory();
        // recovery is this class's: the client's own would keep a half-broken session and hide a loss from waiting
        // callers
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        this.backoff = new ReconnectBackoff(settings.recoveryInterval(), this.config.maxReconnectInterval());
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
        Optional<String> problem = problemOf(current);
        if (problem.isPresent()) {
            throw new BrokerUnavailableException(problem.get(), null);
        }
        return current;
    }

    public boolean connected() {
        return problem().isEmpty();
    }

    /** Why there is no usable session now, if there is none. */
    public Optional<String> problem() {
        return problemOf(session);
    }

    private Optional<String> problemOf(BrokerSession current) {
        if (current == null) {
            return Optional.of("not connected to the broker" + (lastFailure == null ? "" : ": " + lastFailure));
        }
        return Optional.ofNullable(current.unusableBecause());
    }

    private void connect() {
        if (stopping || session != null) {
            return;
        }
        Connection connection = null;
        try {
            connection = factory.newConnection("kfn-gateway");
            // a fresh reply queue per connection: after a network cut the broker may hold the old exclusive
            // queue until it notices the old connection is dead, and callers of that connection are answered already
            String replyQueue = "kfn.reply." + instance + "." + sessions.incrementAndGet();
            BrokerSession opened = new BrokerSession(
                    connection,
                    replyQueue,
                    config.publisherChannels(),
                    unmatched -> metrics.replyDropped(
                            unmatched == ReplyQueue.Unmatched.OTHER_FUNCTION ? "other_function" : "no_caller"));
            session = opened;
            lastFailure = null;
            // added once the session is current: a connection already gone calls the listener at once
            connection.addShutdownListener(cause -> lost(opened, cause));
            Long since = disconnectedSince;
            if (since == null) {
                LOG.infof("Connected to the broker at %s; replies come to %s", settings, replyQueue);
            } else {
                LOG.infof(
                        "Reconnected to the broker at %s %d ms after the last session ended; replies come to %s",
                        settings, Duration.ofNanos(System.nanoTime() - since).toMillis(), replyQueue);
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            Duration wait = backoff.afterFailure();
            if (lastFailure == null) {
                LOG.warnf(
                        "Cannot reach the broker at %s (%s); retrying, at most every %s",
                        settings, e, config.maxReconnectInterval());
            } else {
                LOG.debugf("Still cannot reach the broker at %s (%s); next attempt in %s", settings, e, wait);
            }
            lastFailure = e.toString();
            closeQuietly(connection);
            retryIn(wait);
        }
    }

    private void lost(BrokerSession lost, ShutdownSignalException cause) {
        if (session == lost) {
            session = null;
            disconnectedSince = System.nanoTime();
        }
        lastFailure = cause.getMessage();
        lost.fail(new BrokerUnavailableException("the connection to the broker was lost", cause));
        if (stopping) {
            return;
        }
        Duration wait = backoff.afterLoss(lost.age());
        LOG.warnf(
                "Lost the broker connection (%s, %s); reconnecting in %s",
                cause.isInitiatedByApplication() ? "closed by the gateway" : "closed by the broker or the network",
                cause.getMessage(),
                wait);
        retryIn(wait);
    }

    private void retryIn(Duration wait) {
        try {
            reconnector.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: nothing to reconnect for
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
