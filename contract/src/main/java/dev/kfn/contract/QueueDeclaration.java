package dev.kfn.contract;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** One function queue, declared durable and never auto-deleted, and the exchange it is bound to by its own name. */
public record QueueDeclaration(String name, Map<String, Object> arguments, Optional<Exchange> boundTo) {

    public QueueDeclaration {
        arguments = Map.copyOf(arguments);
    }

    /** Idempotent while the arguments are unchanged; the broker refuses (and closes the channel on) a change. */
    public void declare(Channel channel) throws IOException {
        channel.queueDeclare(name, true, false, false, arguments);
        if (boundTo.isPresent()) {
            channel.queueBind(name, boundTo.get().exchangeName(), name);
        }
    }
}
