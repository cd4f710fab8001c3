package dev.kfn.contract;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * Every exchange kfn publishes to, with its one declaration. A redeclare with another type or durability closes
 * the channel, so nobody declares these by hand.
 */
public enum Exchange {
    /** Every invocation; routing key = the target queue's name. */
    INVOKE("kfn.invoke", BuiltinExchangeType.DIRECT),
    /** The asynchronous queue dead-letters here (rejected, expired or delivered too often); routing key = the dead-letter queue. */
    DEAD_LETTER("kfn.dead-letter", BuiltinExchangeType.DIRECT),
    /** Wakes for the autoscaler: every operator replica hears every wake, the leader acts on it. */
    WAKE("kfn.wake", BuiltinExchangeType.FANOUT),
    /** Topic destinations; routing key = the topic. */
    TOPIC("kfn.topic", BuiltinExchangeType.TOPIC),
    /**
     * Replies to synchronous calls; routing key = {@code <reply queue>.<namespace>.<name>} of the function that
     * answers ({@link ReplyRoute}). A topic exchange, so a function's broker identity may be allowed to publish
     * only keys ending in its own name, and the gateway can tell which function a reply came from.
     */
    REPLY("kfn.reply", BuiltinExchangeType.TOPIC),
    /** What a host publishes into its own function's queues: retries, dead letters, a delivery handed back; routing key = the queue name. */
    SELF("kfn.self", BuiltinExchangeType.TOPIC),
    /** Function and queue destinations; routing key = the target queue name, allowed per declared destination. */
    DESTINATION("kfn.destination", BuiltinExchangeType.TOPIC),
    /**
     * Bucket notifications an object store (MinIO, Ceph RGW) publishes; routing key = the namespace whose
     * Functions they are for. A topic exchange, as Ceph requires, so a store's broker user may be allowed the
     * keys of its own namespaces only.
     */
    OBJECT_STORE("kfn.object-store", BuiltinExchangeType.TOPIC),
    /**
     * WebSocket connection API calls between gateway replicas; routing key = the replica token that starts a
     * connection id. Each replica binds its own exclusive queue; only the gateway's identity uses it.
     */
    CONNECTIONS("kfn.connections", BuiltinExchangeType.DIRECT);

    private final String exchangeName;
    private final BuiltinExchangeType type;

    Exchange(String exchangeName, BuiltinExchangeType type) {
        this.exchangeName = exchangeName;
        this.type = type;
    }

    /** The exchange's name on the broker. */
    public String exchangeName() {
        return exchangeName;
    }

    public BuiltinExchangeType type() {
        return type;
    }

    /** Durable: invocations outlive a broker restart. Idempotent. */
    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(exchangeName, type, true);
    }

    public static void declareAll(Channel channel) throws IOException {
        for (Exchange exchange : values()) {
            exchange.declare(channel);
        }
    }
}
