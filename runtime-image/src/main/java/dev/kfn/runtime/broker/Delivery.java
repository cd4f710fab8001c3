package dev.kfn.runtime.broker;

import com.rabbitmq.client.Channel;
import dev.kfn.runtime.invoke.Invocation;

import java.io.IOException;

/** An invocation with the channel it came on; acks and requeues must go back on that channel. */
public record Delivery(Invocation invocation, Channel channel) {

    public void ack() throws IOException {
        synchronized (channel) {
            channel.basicAck(invocation.deliveryTag(), false);
        }
    }

    /** Gives the message back to the queue for this or another instance; a closed channel has already done so. */
    public void requeue() {
        synchronized (channel) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                channel.basicNack(invocation.deliveryTag(), false, true);
            } catch (IOException | RuntimeException e) {
                // the broker requeues every unacked message of a channel that closes
            }
        }
    }
}
