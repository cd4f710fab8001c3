package dev.kfn.operator.autoscaler;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;

/**
 * Exact ready counts by passive declare: a fraction of a millisecond per queue and current to the
 * last confirmed publish, but one call per queue and blind to unacknowledged messages.
 */
public class ReadyCounts {

    private final Connection connection;
    private Channel channel;

    public ReadyCounts(Connection connection) {
        this.connection = connection;
    }

    /** @throws IOException when the broker cannot answer or the queue does not exist */
    public synchronized long ready(String queue) throws IOException {
        if (channel == null || !channel.isOpen()) {
            // a passive declare of a missing queue closes the channel; open a fresh one
            channel = connection.createChannel();
        }
        return channel.queueDeclarePassive(queue).getMessageCount();
    }
}
