package dev.kfn.gateway.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.WakeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** One connection to the broker with what hangs off it: the reply queue and the confirming publisher channels. */
public final class BrokerSession {

    private final Connection connection;
    private final ReplyQueue replies;
    private final List<ConfirmingChannel> publishers;
    private final Channel wakes;
    private final AtomicInteger next = new AtomicInteger();
    private final long openedAt = System.nanoTime();
    private volatile String blockedReason;

    BrokerSession(
            Connection connection,
            String replyQueue,
            int publisherChannels,
            Consumer<ReplyQueue.Unmatched> onUnmatchedReply)
            throws IOException {
        this.connection = connection;
        this.replies = new ReplyQueue(connection, replyQueue, onUnmatchedReply);
        List<ConfirmingChannel> channels = new ArrayList<>();
        for (int i = 0; i < publisherChannels; i++) {
            channels.add(new ConfirmingChannel(connection));
        }
        this.publishers = List.copyOf(channels);
        this.wakes = connection.createChannel();
        // publishing to a missing exchange would close the channel, so they are declared before the first call
        Exchange.INVOKE.declare(wakes);
        Exchange.WAKE.declare(wakes);
        // a broker under a memory or disk alarm blocks publishers indefinitely; callers must be refused instead
        connection.addBlockedListener(reason -> blockedReason = reason, () -> blockedReason = null);
    }

    public CompletableFuture<PublishOutcome> publish(
            Exchange exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) throws IOException {
        return publishers
                .get(Math.floorMod(next.getAndIncrement(), publishers.size()))
                .publish(exchange.exchangeName(), routingKey, properties, body);
    }

    /** Best effort, unconfirmed: a lost wake is caught by the autoscaler's periodic read of every queue. */
    public void wake(FunctionId function) throws IOException {
        synchronized (wakes) {
            wakes.basicPublish(Exchange.WAKE.exchangeName(), "", null, WakeMessage.encode(function));
        }
    }

    public String replyQueue() {
        return replies.name();
    }

    /** The reply to a call of {@code called}; a reply from another function never completes it. */
    public CompletableFuture<ReceivedReply> expectReply(String correlationId, FunctionId called) {
        return replies.expect(correlationId, called);
    }

    public void forgetReply(String correlationId) {
        replies.forget(correlationId);
    }

    /** Why the broker refuses publishes right now, if it does. */
    public String unusableBecause() {
        if (!connection.isOpen()) {
            return "the connection to the broker is closed";
        }
        String blocked = blockedReason;
        return blocked == null ? null : "the broker blocks publishers: " + blocked;
    }

    void fail(Throwable cause) {
        replies.failWaiting(cause);
        publishers.forEach(p -> p.failPending(cause));
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedAt);
    }

    Connection connection() {
        return connection;
    }
}
