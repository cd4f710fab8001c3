package dev.kfn.local.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** A function's dead-letter queue read the way its owner reads it: each message taken, with its reason header. */
final class DeadLetterQueue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerSettings broker;
    private final String queue;
    private final List<DeadLetter> taken = new ArrayList<>();

    DeadLetterQueue(BrokerSettings broker, FunctionId function) {
        this.broker = broker;
        this.queue = function.queues().deadLetter();
    }

    /** Takes what arrived since the last call; returns all taken so far. */
    List<DeadLetter> drain() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        try (Connection connection = factory.newConnection("kfn fault suite");
                Channel channel = connection.createChannel()) {
            for (GetResponse message = channel.basicGet(queue, true);
                    message != null;
                    message = channel.basicGet(queue, true)) {
                Map<String, Object> headers = message.getProps().getHeaders();
                Object reason = headers == null ? null : headers.get(InvocationHeaders.DEAD_LETTER_REASON);
                String id = JSON.readTree(message.getBody()).path("id").asText("(no id)");
                taken.add(new DeadLetter(id, reason == null ? null : reason.toString()));
            }
        }
        return List.copyOf(taken);
    }
}
