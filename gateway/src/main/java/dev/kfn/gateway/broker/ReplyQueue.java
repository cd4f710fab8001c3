package dev.kfn.gateway.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.ReplyMessage;
import dev.kfn.contract.ReplyRoute;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This gateway instance's own reply queue: exclusive and auto-deleted, so it lives exactly as long as the
 * instance's connection. It is bound to {@link Exchange#REPLY} with {@link ReplyRoute#bindingKey}, and the routing
 * key a reply comes with names the function that answered (a function's broker identity may publish no other). A
 * reply is matched to a waiting caller by correlation id and only when it comes from the function that caller
 * called: a reply from any other function is dropped, whatever correlation id it carries, and the caller goes on
 * waiting for its own. A reply whose caller has stopped waiting is dropped too.
 */
final class ReplyQueue {

    /** What a reply may be dropped for. */
    enum Unmatched {
        /** No caller waits for its correlation id (any more). */
        NO_CALLER,
        /** Its routing key names another function than the one its caller called, or none. */
        OTHER_FUNCTION
    }

    private record Waiting(FunctionId called, CompletableFuture<ReceivedReply> reply) {}

    private final String name;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    ReplyQueue(Connection connection, String name, Consumer<Unmatched> onUnmatched) throws IOException {
        this.name = name;
        Channel channel = connection.createChannel();
        ChannelFailure.closesConnection(channel);
        channel.queueDeclare(name, false, true, true, Map.of("x-queue-type", "classic"));
        Exchange.REPLY.declare(channel);
        channel.queueBind(name, Exchange.REPLY.exchangeName(), ReplyRoute.bindingKey(name));
        // replies are worth nothing once their caller is gone, so they are taken without acks
        channel.basicConsume(name, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                Optional<ReplyMessage> reply = ReplyMessage.decode(properties);
                Waiting caller = reply.map(r -> waiting.get(r.correlationId())).orElse(null);
                if (caller == null) {
                    onUnmatched.accept(Unmatched.NO_CALLER);
                } else if (!ReplyRoute.answeredBy(name, envelope.getRoutingKey())
                        .equals(Optional.of(caller.called()))) {
                    onUnmatched.accept(Unmatched.OTHER_FUNCTION);
                } else if (waiting.remove(reply.get().correlationId(), caller)) {
                    caller.reply().complete(new ReceivedReply(reply.get(), body));
                } else {
                    onUnmatched.accept(Unmatched.NO_CALLER);
                }
            }

            /** The broker cancels a consumer whose queue was deleted; without it no caller would get a reply. */
            @Override
            public void handleCancel(String tag) {
                ChannelFailure.abort(connection);
            }
        });
    }

    String name() {
        return name;
    }

    /**
     * Registers a caller of {@code called} before its message is published, so even an instant reply finds it;
     * only a reply from {@code called} completes it.
     */
    CompletableFuture<ReceivedReply> expect(String correlationId, FunctionId called) {
        CompletableFuture<ReceivedReply> reply = new CompletableFuture<>();
        waiting.put(correlationId, new Waiting(called, reply));
        return reply;
    }

    void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    /** The connection is gone and with it the queue: no waiting caller will get its reply. */
    void failWaiting(Throwable cause) {
        waiting.values().forEach(caller -> caller.reply().completeExceptionally(cause));
        waiting.clear();
    }
}
