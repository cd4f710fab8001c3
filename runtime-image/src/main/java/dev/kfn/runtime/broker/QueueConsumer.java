package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.InvocationKind;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Consumes one of the function's queues with manual ack and hands each invocation to a {@link Sink}, and keeps
 * consuming: after every connect of the {@link BrokerLink}, after the broker cancels the consumer (its queue was
 * deleted), and after the broker closes the channel, it starts again, with back-off while the queue is missing.
 * It is {@link #consuming()} only while a consumer is registered, which the host's readiness follows.
 *
 * <p>The RabbitMQ client is used directly rather than the SmallRye connector because the host needs what the
 * connector hides: a prefetch tied to the slots, acks only after a confirmed publish on another channel, cancelling
 * consumers on SIGTERM while nacking what never started, and knowing which deliveries a lost channel took along.
 */
public final class QueueConsumer {

    /** Where deliveries go; false when it takes no more, and the delivery goes back to the queue. */
    @FunctionalInterface
    public interface Sink {
        boolean offer(InvocationDelivery delivery);
    }

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final String queue;
    private final InvocationKind kind;
    private final int prefetch;
    private final Sink sink;
    private final ScheduledExecutorService scheduler;
    private Connection connection;
    // read without the lock by readiness, which must not wait behind an RPC of establish()
    private volatile Channel channel;
    private volatile String consumerTag;
    private volatile boolean stopped;
    private boolean retryPending;
    private int failures;

    /**
     * {@code prefetch}: at most this many unacked messages from this queue, about the slots that can start them
     * soon; {@code kind}: what the queue holds, and so what a message too malformed to say is taken to be;
     * {@code scheduler}: the {@link BrokerLink}'s thread.
     */
    public QueueConsumer(
            String queue, InvocationKind kind, int prefetch, Sink sink, ScheduledExecutorService scheduler) {
        this.queue = queue;
        this.kind = kind;
        this.prefetch = prefetch;
        this.sink = sink;
        this.scheduler = scheduler;
    }

    /** A new connection: what lived on the old one is gone with it. */
    public synchronized void connected(Connection opened) {
        connection = opened;
        channel = null;
        consumerTag = null;
        failures = 0;
        establish();
    }

    private synchronized void establish() {
        retryPending = false;
        if (stopped || consumerTag != null || connection == null || !connection.isOpen()) {
            // a lost connection comes back through connected()
            return;
        }
        try {
            if (channel == null || !channel.isOpen()) {
                channel = openChannel();
            }
            requireQueue();
            consumerTag = channel.basicConsume(queue, false, new Deliveries(channel));
            LOG.infof(failures == 0 ? "Consuming %s" : "Consuming %s again", queue);
            failures = 0;
        } catch (IOException | TimeoutException | RuntimeException e) {
            retryLater(e);
        }
    }

    private Channel openChannel() throws IOException {
        Channel opened = connection.createChannel();
        opened.basicQos(prefetch);
        opened.addShutdownListener(cause -> channelClosed(opened, cause));
        return opened;
    }

    /**
     * A consume on a missing queue would close the consumer channel, and with it the acks of invocations still
     * running from it; a passive declare on a channel of its own finds out first.
     */
    private void requireQueue() throws IOException, TimeoutException {
        try (Channel probe = connection.createChannel()) {
            probe.queueDeclarePassive(queue);
        }
    }

    private synchronized void retryLater(Exception cause) {
        if (stopped || retryPending) {
            return;
        }
        Duration delay = BACKOFF.delay(failures++);
        LOG.warnf("Not consuming %s (%s); trying again in %d ms", queue, reason(cause), delay.toMillis());
        retryPending = true;
        scheduler.schedule(this::establish, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The broker closed a channel but not the connection (a channel error): start over on a new channel. Runs on
     * the client's connection thread, which must never wait for this object's lock: {@link #establish()} holds it
     * while it waits for that thread to bring an answer.
     */
    private void channelClosed(Channel closed, ShutdownSignalException cause) {
        if (cause.isHardError()) {
            return;
        }
        scheduler.execute(() -> {
            synchronized (this) {
                if (closed == channel) {
                    consumerTag = null;
                    retryLater(cause);
                }
            }
        });
    }

    /** The broker cancelled the consumer, as it does when the queue is deleted. */
    private void cancelled(String tag) {
        scheduler.execute(() -> {
            synchronized (this) {
                if (tag.equals(consumerTag)) {
                    LOG.warnf("The broker cancelled the consumer of %s", queue);
                    consumerTag = null;
                    retryLater(new IOException("consumer cancelled by the broker"));
                }
            }
        });
    }

    /** True while a consumer is registered on an open channel. */
    public boolean consuming() {
        Channel current = channel;
        return !stopped && consumerTag != null && current != null && current.isOpen();
    }

    /** No new deliveries after this returns; unacked ones stay the caller's to ack or requeue. */
    public synchronized void stop() {
        stopped = true;
        if (consumerTag == null || channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.basicCancel(consumerTag);
        } catch (IOException | RuntimeException e) {
            // a channel that fails here closes, and the broker requeues its unacked messages
        }
    }

    private static String reason(Exception e) {
        return (e.getCause() instanceof ShutdownSignalException s ? s : e).getMessage();
    }

    private final class Deliveries extends DefaultConsumer {

        Deliveries(Channel channel) {
            super(channel);
        }

        /** Never throws: thrown out of here, the client's exception handler would close the channel and every ack on it. */
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            InvocationReader.Read read = InvocationReader.read(properties, envelope.isRedeliver(), kind);
            read.problem()
                    .ifPresent(problem -> LOG.warnf(
                            "Invocation %s from %s cannot run: %s",
                            read.message().requestId(), queue, problem));
            InvocationDelivery delivery = new InvocationDelivery(
                    envelope.getDeliveryTag(),
                    queue,
                    read.message(),
                    body,
                    read.problem(),
                    read.unfinished(),
                    getChannel());
            if (!sink.offer(delivery)) {
                delivery.requeue();
            }
        }

        @Override
        public void handleCancel(String tag) {
            cancelled(tag);
        }
    }
}
