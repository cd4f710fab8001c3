package dev.kfn.runtime.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.InvocationMessage;
import java.io.IOException;
import java.util.Optional;

/**
 * One invocation as the broker handed it over: its delivery tag is valid only on the channel it came on. Once that
 * channel has closed (a lost connection) the delivery can be neither acked nor requeued; the broker has already
 * requeued it and delivers it again, so the host cannot settle it and must not run it if it has not started.
 *
 * @param queue where it came from
 * @param problem why it cannot run ({@link InvocationReader}); {@link #message()} then holds only what a reply or a
 *                dead letter needs
 * @param unfinished how often this attempt was delivered before and never settled
 */
public record InvocationDelivery(
        long deliveryTag,
        String queue,
        InvocationMessage message,
        byte[] payload,
        Optional<String> problem,
        UnfinishedDeliveries unfinished,
        Channel channel) {

    /** True while an ack or a requeue can still reach the broker. */
    public boolean settleable() {
        return channel.isOpen();
    }

    /** False when the channel had closed: the broker delivers the invocation again. */
    public boolean ack() throws IOException {
        synchronized (channel) {
            if (!channel.isOpen()) {
                return false;
            }
            try {
                channel.basicAck(deliveryTag, false);
                return true;
            } catch (ShutdownSignalException e) {
                return false;
            }
        }
    }

    /** Gives the message back to the queue for this or another instance; a closed channel has already done so. */
    public void requeue() {
        synchronized (channel) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                channel.basicNack(deliveryTag, false, true);
            } catch (IOException | RuntimeException e) {
                // the broker requeues every unacked message of a channel that closes
            }
        }
    }
}
