package dev.kfn.contract;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The one durable queue every {@link Exchange#TOPIC} record lands in, whatever its key: the gateway replicas consume
 * it and publish each record to its Topic. Declared with every function's topology too, so it exists before any host
 * can publish a record (a record published while no queue is bound would be returned, not kept). Idempotent.
 */
public final class TopicIntake {

    public static final String QUEUE = "kfn.topic.intake";

    private TopicIntake() {}

    public static void declare(Channel channel) throws IOException {
        Exchange.TOPIC.declare(channel);
        channel.queueDeclare(QUEUE, true, false, false, Map.of());
        channel.queueBind(QUEUE, Exchange.TOPIC.exchangeName(), "#");
    }
}
