package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Publishes the replies of every slot on one channel in confirm mode and acks each call's delivery when the broker
 * confirms its reply, from the confirm listener: a call is still acked only once its reply is safe, but no slot
 * waits for the confirm's round trip, and under load one confirm settles many replies at once ({@code multiple}).
 *
 * <p>A reply the broker returns (its caller's queue is gone) is confirmed after the return and acked like any other:
 * nobody waits for it. A nack, or a channel that closes with replies unconfirmed, hands their deliveries to
 * {@code refused}, which gives them back to the queue; on a lost connection the broker has done that already.
 */
public final class ConfirmedReplies implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfirmedReplies.class);

    private final BrokerLink link;
    private final Consumer<InvocationDelivery> refused;
    /** The channel in use and its replies awaiting a confirm; replaced after it closed. Guarded by this. */
    private Open open;

    /** {@code refused}: where a delivery goes whose reply the broker did not confirm. */
    public ConfirmedReplies(BrokerLink link, Consumer<InvocationDelivery> refused) {
        this.link = link;
        this.refused = refused;
    }

    private final class Open {
        final Channel channel;
        final ConcurrentNavigableMap<Long, InvocationDelivery> unconfirmed = new ConcurrentSkipListMap<>();

        Open(Connection connection) throws IOException {
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.addConfirmListener(
                    (tag, multiple) -> settle(tag, multiple, true), (tag, multiple) -> settle(tag, multiple, false));
            channel.addShutdownListener(cause -> unconfirmed(unconfirmed));
        }

        /** On the connection's thread: an ack is a frame written, never a wait. */
        private void settle(long tag, boolean multiple, boolean ack) {
            Map<Long, InvocationDelivery> settled =
                    multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
            for (InvocationDelivery delivery : settled.values()) {
                if (!ack) {
                    refused.accept(delivery);
                    continue;
                }
                try {
                    if (!delivery.ack()) {
                        LOG.debugf(
                                "Call %s was answered after its channel closed; the broker delivers it again",
                                delivery.message().requestId());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debugf(
                            e,
                            "Could not ack call %s; the broker delivers it again",
                            delivery.message().requestId());
                }
            }
            settled.clear();
        }
    }

    /**
     * Publishes {@code mandatory} and leaves the ack of {@code delivery} to the confirm. Throws when the reply could
     * not be handed to the broker (no connection, a closed channel): the delivery is then still the caller's.
     */
    public synchronized void publish(
            String exchange,
            String routingKey,
            AMQP.BasicProperties properties,
            byte[] body,
            InvocationDelivery delivery)
            throws IOException {
        Open current = open();
        long tag = current.channel.getNextPublishSeqNo();
        current.unconfirmed.put(tag, delivery);
        try {
            current.channel.basicPublish(exchange, routingKey, true, properties, body);
        } catch (IOException | RuntimeException e) {
            current.unconfirmed.remove(tag);
            // a publish that failed in the client has used a sequence number it will never confirm: start afresh
            discard(current);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private Open open() throws IOException {
        if (open == null || !open.channel.isOpen()) {
            Connection connection = link.connection().orElseThrow(() -> new IOException("not connected to the broker"));
            open = new Open(connection);
        }
        return open;
    }

    /** Deliveries whose replies' channel closed unconfirmed: whether they reached the caller is unknown. */
    private void unconfirmed(Map<Long, InvocationDelivery> left) {
        left.values().forEach(refused);
        left.clear();
    }

    private void discard(Open failed) {
        open = null;
        try {
            if (failed.channel.isOpen()) {
                failed.channel.abort();
            }
        } catch (IOException | RuntimeException e) {
            // abandoned either way
        }
    }

    /** Waits up to {@code within} for the confirms still due, so that their calls are acked before the host goes. */
    public synchronized void drain(Duration within) {
        if (open == null || !open.channel.isOpen()) {
            return;
        }
        try {
            open.channel.waitForConfirms(Math.max(1, within.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | RuntimeException e) {
            LOG.debugf("Replies still unconfirmed at shutdown: %s", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            discard(open);
        }
    }
}
