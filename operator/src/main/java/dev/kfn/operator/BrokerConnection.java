package dev.kfn.operator;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.broker.BrokerSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One connection to the broker that outlives the broker's outages. The first connect, and every reconnect after
 * a loss, is retried in the background with back-off, so nothing ever waits on a broker that is down: a caller
 * gets the open connection at once or a {@link BrokerUnreachableException} saying why there is none. What must
 * exist on a connection (a consumer, a queue of the connection's own) is set up by {@code onOpen} on each new
 * one; the client's own recovery is off so that there is one way back, not two racing.
 */
public final class BrokerConnection implements AutoCloseable {

    /** Each attempt is one TCP handshake: this bounds how long the broker's return goes unnoticed. */
    private static final Duration MOST_BETWEEN_ATTEMPTS = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(BrokerConnection.class);

    /** Sets up what this connection's user needs on a newly opened connection. */
    @FunctionalInterface
    public interface OnOpen {
        void opened(Connection connection) throws IOException;
    }

    private final BrokerSettings settings;
    private final ConnectionFactory factory;
    private final String name;
    private final OnOpen onOpen;
    private final Duration firstDelay;
    private final ScheduledExecutorService connector;

    private volatile Connection connection;
    private volatile String unreachable = "not connected yet";
    private volatile boolean closed;
    // touched on the connector thread only
    private Duration delay;
    private boolean reported;

    public BrokerConnection(BrokerSettings settings, String name, OnOpen onOpen) {
        this.settings = settings;
        this.factory = settings.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        this.name = name;
        this.onOpen = onOpen;
        this.firstDelay = settings.recoveryInterval();
        this.delay = firstDelay;
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name + "-connector");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        connector.execute(this::connect);
    }

    /** Exports whether this connection is open (1) or not (0), tagged with its name. */
    public void meter(MeterRegistry registry) {
        // a connection made anew for the same name (its component started again in this process) takes over the
        // gauge: the registry keeps the first one registered, which would report the closed connection
        registry.find(KfnMetric.BROKER_CONNECTED.meterName())
                .tag("connection", name)
                .gauges()
                .forEach(registry::remove);
        Gauge.builder(KfnMetric.BROKER_CONNECTED.meterName(), this, c -> {
                    Connection current = c.connection;
                    return current != null && current.isOpen() ? 1 : 0;
                })
                .description("Whether this broker connection of the operator is open")
                .tag("connection", name)
                // held strongly: the registry would otherwise drop the series once this object is only its own
                .strongReference(true)
                .register(registry);
    }

    /** The open connection, without waiting. */
    public Connection connection() throws BrokerUnreachableException {
        Connection current = connection;
        if (current == null || !current.isOpen()) {
            throw new BrokerUnreachableException(unreachable);
        }
        return current;
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection opened = null;
        try {
            opened = factory.newConnection(name);
            connection = opened;
            onOpen.opened(opened);
            // added last: a loss during the set-up above is handled here, by the retry below
            opened.addShutdownListener(this::lost);
            LOG.infof("%s connected to the broker at %s", name, settings);
            delay = firstDelay;
            reported = false;
        } catch (IOException | TimeoutException | RuntimeException e) {
            connection = null;
            closeQuietly(opened);
            unreachable = describe(e);
            if (!reported) {
                LOG.warnf(
                        "%s cannot reach the broker at %s: %s; retrying in the background",
                        name, settings, unreachable);
                reported = true;
            }
            retry();
        }
    }

    private void lost(ShutdownSignalException cause) {
        if (closed || cause.isInitiatedByApplication()) {
            return;
        }
        unreachable = "connection lost: " + describe(cause);
        LOG.warnf("%s lost the broker at %s: %s; reconnecting", name, settings, unreachable);
        connector.execute(() -> {
            reported = true;
            retry();
        });
    }

    private void retry() {
        if (closed) {
            return;
        }
        connector.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(MOST_BETWEEN_ATTEMPTS) > 0 ? MOST_BETWEEN_ATTEMPTS : doubled;
    }

    /** The innermost message: the client wraps a refused connect or a closed channel in exceptions that say nothing. */
    public static String describe(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message != null ? message : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf(e, "closing a broker connection");
            }
        }
    }
}
