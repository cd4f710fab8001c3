package dev.kfn.gateway.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A channel in publisher-confirm mode whose publishes complete futures: acked, nacked (a full queue with
 * {@code reject-publish}) or returned (mandatory and unroutable). RabbitMQ sends a return before the ack of
 * the same message, so a returned message id is known unroutable by the time its ack arrives.
 *
 * <p>Delivery tags are counted here, one per publish that left without an error, as the broker counts them. The
 * client's own {@code getNextPublishSeqNo} advances before the message is encoded, so a publish it refuses (a
 * property too long for AMQP) would leave every later confirm settling the wrong caller.
 */
final class ConfirmingChannel {

    private record Pending(String messageId, CompletableFuture<PublishOutcome> outcome) {}

    private final Channel channel;
    private final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    /** The tag the broker gives the next publish; guarded by {@code channel}. */
    private long nextTag = 1;

    ConfirmingChannel(Connection connection) throws IOException {
        channel = connection.createChannel();
        ChannelFailure.closesConnection(channel);
        channel.confirmSelect();
        channel.addReturnListener(
                ret -> returned.add(String.valueOf(ret.getProperties().getMessageId())));
        channel.addConfirmListener(
                (tag, multiple) -> settle(tag, multiple, true), (tag, multiple) -> settle(tag, multiple, false));
    }

    /** Publishes with {@code mandatory}; the future completes when the broker confirms, or fails if the channel dies first. */
    CompletableFuture<PublishOutcome> publish(
            String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) throws IOException {
        CompletableFuture<PublishOutcome> outcome = new CompletableFuture<>();
        synchronized (channel) {
            long tag = nextTag;
            pending.put(tag, new Pending(properties.getMessageId(), outcome));
            try {
                channel.basicPublish(exchange, routingKey, true, properties, body);
            } catch (IOException | RuntimeException e) {
                pending.remove(tag);
                throw e;
            }
            nextTag++;
        }
        return outcome;
    }

    private void settle(long tag, boolean multiple, boolean ack) {
        Map<Long, Pending> settled = multiple ? pending.headMap(tag, true) : pending.subMap(tag, true, tag, true);
        for (Pending p : settled.values()) {
            boolean unroutable = returned.remove(String.valueOf(p.messageId()));
            p.outcome()
                    .complete(
                            !ack
                                    ? PublishOutcome.REFUSED
                                    : unroutable ? PublishOutcome.UNROUTABLE : PublishOutcome.ACCEPTED);
        }
        settled.clear();
    }

    /** Fails every unconfirmed publish: the broker may or may not have the message, and the caller must not wait. */
    void failPending(Throwable cause) {
        pending.values().forEach(p -> p.outcome().completeExceptionally(cause));
        pending.clear();
        returned.clear();
    }
}
