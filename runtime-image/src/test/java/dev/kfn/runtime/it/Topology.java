package dev.kfn.runtime.it;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.api.QueueNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A function's queues as the operator declares them, under a namespace unique to one test, plus a
 * plain queue for destination records. Deleted on close.
 */
public final class Topology implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final List<String> queues = new ArrayList<>();
    public final String namespace = "rt-test-" + UUID.randomUUID().toString().substring(0, 8);

    public Topology() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        connection = factory.newConnection("kfn-runtime-test");
        channel = connection.createChannel();
        channel.exchangeDeclare(QueueNames.INVOKE_EXCHANGE, BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(QueueNames.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
    }

    /** Declares the function's queues; returns their names. */
    public QueueNames function(String name) throws Exception {
        QueueNames names = new QueueNames(namespace, name);
        declare(names.deadLetter(), Map.of(), QueueNames.DEAD_LETTER_EXCHANGE);
        declare(names.sync(), Map.of(), QueueNames.INVOKE_EXCHANGE);
        declare(names.async(), Map.of("x-queue-type", "quorum",
            "x-dead-letter-exchange", QueueNames.DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key", names.deadLetter()), QueueNames.INVOKE_EXCHANGE);
        for (int attempt = 1; attempt <= QueueNames.RETRY_QUEUES; attempt++) {
            declare(names.retry(attempt), Map.of("x-dead-letter-exchange", QueueNames.INVOKE_EXCHANGE,
                "x-dead-letter-routing-key", names.async()), null);
        }
        return names;
    }

    /** A queue for destination records, named {@code <namespace>.<suffix>}. */
    public String recordQueue(String suffix) throws Exception {
        String name = namespace + "." + suffix;
        declare(name, Map.of(), null);
        return name;
    }

    /** Binds a record queue to the topic exchange, which the host declares when it has a topic destination. */
    public void subscribe(String queue, String topic) throws Exception {
        channel.queueBind(queue, "kfn.topic", topic);
    }

    private void declare(String queue, Map<String, Object> arguments, String exchange) throws Exception {
        channel.queueDeclare(queue, true, false, false, arguments);
        if (exchange != null) {
            channel.queueBind(queue, exchange, queue);
        }
        queues.add(queue);
    }

    public Connection connection() {
        return connection;
    }

    public long ready(String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    @Override
    public void close() throws Exception {
        for (String queue : queues) {
            channel.queueDelete(queue);
        }
        connection.close();
    }
}
