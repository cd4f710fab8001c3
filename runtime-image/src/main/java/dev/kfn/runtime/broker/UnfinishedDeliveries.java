package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How often this attempt of an invocation was delivered to a host that never settled it: the instance died (OOM,
 * {@code halt}, kill -9) or lost its broker connection while it held the message. A quorum queue counts returns
 * itself ({@code x-delivery-count}); a classic queue only flags a redelivery, so the host carries the count on in
 * {@link #HEADER} by publishing the message again with it before running it. The host gives back what it never
 * started by publishing it again with the count unchanged, so a drain (SIGTERM, a replaced instance) costs nothing.
 *
 * @param count unfinished deliveries of this attempt before this one
 * @param keptByBroker the queue counts returns itself, so nothing needs to be carried on
 * @param redelivered the broker's flag: this very message was delivered before
 */
public record UnfinishedDeliveries(int count, boolean keptByBroker, boolean redelivered) {

    /** The count the host carries on a message (classic queues). */
    public static final String HEADER = "kfn-unfinished-deliveries";

    private static final String QUORUM_COUNT = "x-delivery-count";

    public static final UnfinishedDeliveries NONE = new UnfinishedDeliveries(0, false, false);

    static UnfinishedDeliveries of(boolean redelivered, Map<String, Object> headers) {
        int carried = number(headers, HEADER).orElse(0);
        Optional<Integer> quorum = number(headers, QUORUM_COUNT);
        int returned = quorum.orElse(redelivered ? 1 : 0);
        return new UnfinishedDeliveries(
                (int) Math.min(Integer.MAX_VALUE, (long) carried + returned), quorum.isPresent(), redelivered);
    }

    /** A classic queue's redelivery: the count exists only in this delivery until it is published again with it. */
    public boolean needsCarrying() {
        return redelivered && !keptByBroker;
    }

    /** The message's properties with the count carried in {@link #HEADER}, for publishing it again. */
    public AMQP.BasicProperties carriedOn(AMQP.BasicProperties properties) {
        Map<String, Object> headers =
                new HashMap<>(Optional.ofNullable(properties.getHeaders()).orElse(Map.of()));
        headers.put(HEADER, count);
        return properties.builder().headers(headers).build();
    }

    /** {@link InvocationReader} has checked that these are whole numbers. */
    private static Optional<Integer> number(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null
                ? Optional.empty()
                : Optional.of((int) Math.min(Integer.MAX_VALUE, Math.max(0, Long.parseLong(value.toString()))));
    }
}
