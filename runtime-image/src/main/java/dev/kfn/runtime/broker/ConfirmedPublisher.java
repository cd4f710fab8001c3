package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * Publishes and waits for the broker's confirm, so that the caller acks the invocation only once its reply, retry
 * or dead letter is safe. One per slot: a channel is not shared between threads. The channel is opened on the
 * {@link BrokerLink}'s current connection and opened again after it closed, for whatever reason.
 */
public final class ConfirmedPublisher implements AutoCloseable {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerLink link;
    private Channel channel;
    private volatile Return returned;

    public ConfirmedPublisher(BrokerLink link) {
        this.link = link;
    }

    /**
     * One attempt, {@code mandatory}: a message no queue takes is returned by the broker and fails here as
     * {@link Unroutable} instead of being confirmed and dropped. Whatever goes wrong is an {@code IOException} (a
     * lost connection, a nack, a channel the broker closed) or a {@code TimeoutException}. A publish the broker refuses
     * (say, to an exchange that does not exist) closes the channel; the next publish opens a new one, so one bad
     * destination does not take the slot down with it.
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException, InterruptedException, TimeoutException {
        Channel open = channel();
        returned = null;
        try {
            open.basicPublish(exchange, routingKey, true, properties, body);
            open.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (IOException | TimeoutException | RuntimeException e) {
            // a publish that failed in the client has used a sequence number it will never confirm: start afresh
            discard(open);
            if (e instanceof ShutdownSignalException closed) {
                throw new IOException(closed.getMessage(), closed);
            }
            throw e;
        }
        // the broker sends basic.return before the ack, on the thread that delivered the ack
        Return refused = returned;
        if (refused != null) {
            throw new Unroutable(exchange, routingKey, refused.getReplyText());
        }
    }

    /**
     * Publishes, and if the connection is lost on the way, publishes again on the next connection, until
     * {@code until}. What the broker itself refuses is not tried again. The message may arrive twice (the first
     * publish can have reached the broker just before the loss), which is what at-least-once means for its reader.
     */
    public void publishUntil(
            String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, Instant until)
            throws IOException, InterruptedException, TimeoutException {
        while (true) {
            Connection used = link.connection().orElse(null);
            try {
                publish(exchange, routingKey, properties, body);
                return;
            } catch (IOException e) {
                if (used != null && used.isOpen()) {
                    throw e;
                }
                Duration left = Duration.between(Instant.now(), until);
                if (left.isNegative() || link.awaitReplacement(used, left).isEmpty()) {
                    throw e;
                }
            }
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Connection connection = link.connection().orElseThrow(() -> new IOException("not connected to the broker"));
            Channel opened = connection.createChannel();
            opened.confirmSelect();
            opened.addReturnListener(refused -> returned = refused);
            channel = opened;
        }
        return channel;
    }

    private void discard(Channel failed) {
        channel = null;
        try {
            if (failed.isOpen()) {
                failed.abort();
            }
        } catch (IOException | RuntimeException e) {
            // abandoned either way
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            discard(channel);
        }
    }
}
