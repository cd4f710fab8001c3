package dev.kfn.gateway.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.contract.ReplyMessage;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This gateway instance's own reply queue: exclusive and auto-deleted, so it lives exactly as long as the
 * instance's connection. Replies are matched to waiting callers by correlation id; a reply whose caller has
 * stopped waiting is dropped.
 */
final class ReplyQueue {

    private final String name;
    private final Map<String, CompletableFuture<ReceivedReply>> waiting = new ConcurrentHashMap<>();
    private final Runnable onUnmatched;

    ReplyQueue(Connection connection, String name, Runnable onUnmatched) throws IOException {
        this.name = name;
        this.onUnmatched = onUnmatched;
        Channel channel = connection.createChannel();
        ChannelFailure.closesConnection(channel);
        channel.queueDeclare(name, false, true, true, Map.of("x-queue-type", "classic"));
        // replies are worth nothing once their caller is gone, so they are taken without acks
        channel.basicConsume(name, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                Optional<ReplyMessage> reply = ReplyMessage.decode(properties);
                CompletableFuture<ReceivedReply> caller =
                        reply.map(r -> waiting.remove(r.correlationId())).orElse(null);
                if (caller == null) {
                    onUnmatched.run();
                } else {
                    caller.complete(new ReceivedReply(reply.get(), body));
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

    /** Registers a caller before its message is published, so even an instant reply finds it. */
    CompletableFuture<ReceivedReply> expect(String correlationId) {
        CompletableFuture<ReceivedReply> reply = new CompletableFuture<>();
        waiting.put(correlationId, reply);
        return reply;
    }

    void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    /** The connection is gone and with it the queue: no waiting caller will get its reply. */
    void failWaiting(Throwable cause) {
        waiting.values().forEach(reply -> reply.completeExceptionally(cause));
        waiting.clear();
    }
}
