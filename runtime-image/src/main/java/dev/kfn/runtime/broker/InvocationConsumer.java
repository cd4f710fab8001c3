package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.runtime.invoke.Backlog;
import dev.kfn.runtime.invoke.Invocation;

import java.io.IOException;

/**
 * Consumes one of the function's queues with manual ack into the shared {@link Backlog}.
 * The RabbitMQ client is used directly rather than the SmallRye connector because the host needs
 * what the connector hides: a prefetch tied to the slots, acks only after a confirmed publish on
 * another channel, and cancelling consumers on SIGTERM while nacking what never started.
 */
public final class InvocationConsumer {

    private final Channel channel;
    private final Invocation.Kind kind;
    private String consumerTag;

    /** {@code prefetch}: at most this many unacked messages from this queue, about the slots that can start them soon. */
    public InvocationConsumer(Connection connection, Invocation.Kind kind, int prefetch) throws IOException {
        this.channel = connection.createChannel();
        this.kind = kind;
        channel.basicQos(prefetch);
    }

    public void start(String queue, Backlog backlog) throws IOException {
        consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                Delivery delivery = new Delivery(new Invocation(kind, envelope.getDeliveryTag(), properties, body), channel);
                if (!backlog.offer(delivery)) {
                    delivery.requeue();
                }
            }
        });
    }

    /** No new deliveries after this returns; unacked ones stay ours to ack or requeue. */
    public void stop() {
        if (consumerTag == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.basicCancel(consumerTag);
        } catch (IOException | RuntimeException e) {
            // a channel that fails here closes, and the broker requeues its unacked messages
        }
    }
}
