package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Publishes and waits for the broker's confirm, so that the caller acks the invocation only once its
 * reply, retry or dead letter is safe. One per slot: a channel is not shared between threads.
 */
public final class ConfirmedPublisher implements AutoCloseable {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private Channel channel;

    public ConfirmedPublisher(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = open();
    }

    private Channel open() throws IOException {
        Channel opened = connection.createChannel();
        opened.confirmSelect();
        return opened;
    }

    /**
     * A publish the broker refuses (say, to an exchange that does not exist) closes the channel; the
     * next publish opens a new one, so one bad destination does not take the slot down with it.
     */
    public void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
        throws IOException, InterruptedException, TimeoutException {
        if (!channel.isOpen()) {
            channel = open();
        }
        channel.basicPublish(exchange, routingKey, properties, body);
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // closing: nothing left to confirm
        }
    }
}
