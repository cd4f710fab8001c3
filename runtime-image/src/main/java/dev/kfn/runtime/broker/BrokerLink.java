package dev.kfn.runtime.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The host's one broker connection, kept open for the life of the instance: connected in the background at start,
 * reconnected with back-off after every loss (a broker restart, {@code close_all_connections}, a missed heartbeat)
 * until the host stops. After each connect the listeners rebuild what lives on the connection.
 *
 * <p>The client's automatic recovery is off on purpose. It does not cover a broker that is down when the host
 * starts, a consumer the broker cancels, or a channel closed by a channel error, and it reports a consumer it could
 * not restore (queue missing) only to an exception handler, leaving the host silent. It also keeps the old
 * {@code Channel} objects alive and silently drops acks of tags from before the loss, so a delivery that can no
 * longer be settled would look settleable. With a fresh connection and fresh channels every time, a delivery from a
 * lost channel is recognisable ({@link InvocationDelivery#settleable()}) and every way back goes through one path.
 */
public final class BrokerLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrokerLink.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final BrokerSettings settings;
    private final ConnectionFactory factory;
    private final String name;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final List<Consumer<Connection>> onConnect = new CopyOnWriteArrayList<>();
    private Connection connection;
    private int failures;
    private boolean everConnected;
    private boolean closed;

    /** {@code scheduler}: one thread for every broker task of the host, so that reconnects and re-consumes never overlap. */
    public BrokerLink(BrokerSettings settings, String name, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.factory = settings.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        this.name = name;
        this.scheduler = scheduler;
        this.backoff = new Backoff(settings.recoveryInterval(), MAX_BACKOFF);
    }

    /** Called on the broker thread after every connect, in the order added. */
    public void onConnect(Consumer<Connection> listener) {
        onConnect.add(listener);
    }

    public void start() {
        scheduler.execute(this::connect);
    }

    /** Never holds the lock while connecting: readiness asks {@link #connected()} from the HTTP thread meanwhile. */
    private void connect() {
        synchronized (this) {
            if (closed || connection != null) {
                return;
            }
        }
        Connection opened;
        try {
            opened = factory.newConnection(name);
        } catch (IOException | TimeoutException e) {
            Duration delay = backoff.delay(failures++);
            LOG.warnf("Broker %s unreachable (%s); trying again in %d ms", settings, e.getMessage(), delay.toMillis());
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (this) {
            if (closed) {
                closeQuietly(opened);
                return;
            }
            connection = opened;
            failures = 0;
            notifyAll();
        }
        LOG.infof(everConnected ? "Connected to %s again" : "Connected to %s", settings);
        everConnected = true;
        opened.addShutdownListener(cause -> lost(opened, cause));
        for (Consumer<Connection> listener : onConnect) {
            listener.accept(opened);
        }
    }

    /** Runs on the client's connection thread: only hand over to the broker thread here. */
    private synchronized void lost(Connection lost, ShutdownSignalException cause) {
        if (connection != lost || closed) {
            return;
        }
        connection = null;
        LOG.warnf("Lost the broker connection (%s); reconnecting", cause.getMessage());
        scheduler.execute(this::connect);
    }

    public synchronized boolean connected() {
        return connection != null && connection.isOpen();
    }

    public synchronized Optional<Connection> connection() {
        return connected() ? Optional.of(connection) : Optional.empty();
    }

    /** Waits up to {@code within} for an open connection other than {@code lost}. */
    public synchronized Optional<Connection> awaitReplacement(Connection lost, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!closed && (!connected() || connection == lost)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
        return connection();
    }

    /** No reconnect after this; the connection closes, and the broker requeues whatever it still held. */
    @Override
    public void close() {
        Connection open;
        synchronized (this) {
            closed = true;
            open = connection;
            connection = null;
            notifyAll();
        }
        if (open != null) {
            closeQuietly(open);
        }
    }

    private static void closeQuietly(Connection open) {
        try {
            if (open.isOpen()) {
                open.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Broker connection closed uncleanly", e);
        }
    }
}
