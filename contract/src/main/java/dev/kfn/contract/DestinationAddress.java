package dev.kfn.contract;

import java.util.Optional;

/**
 * Where an asynchronous invocation's outcome record goes, as the operator writes it into {@code KFN_ON_SUCCESS} /
 * {@code KFN_ON_FAILURE} and the host reads it: {@code function:<ns>/<name>} (an asynchronous invocation of that
 * function) or {@code queue:<name>}, both through {@link Exchange#DESTINATION} keyed by the target queue's name, or
 * {@code topic:<name>}, a Topic of the function's own namespace, through {@link Exchange#TOPIC} keyed
 * {@code <namespace>.<topic>} (the gateway's intake consumes them all and fans each out to the Topic's
 * subscribers). Going through topic exchanges lets a function's broker identity be
 * allowed exactly its declared destinations (see {@code BrokerPermissions}); the target queue is bound to
 * {@link Exchange#DESTINATION} by its own name (a function's async queue by its topology, a plain queue by the
 * operator of the function that names it).
 */
public sealed interface DestinationAddress {

    String exchange();

    String routingKey();

    /** The text form, which {@link #parse(String)} reads back. */
    String encode();

    record ToFunction(FunctionId function) implements DestinationAddress {
        public String exchange() {
            return Exchange.DESTINATION.exchangeName();
        }

        public String routingKey() {
            return function.queues().async();
        }

        public String encode() {
            return "function:" + function;
        }
    }

    record ToQueue(String queue) implements DestinationAddress {
        public String exchange() {
            return Exchange.DESTINATION.exchangeName();
        }

        public String routingKey() {
            return queue;
        }

        public String encode() {
            return "queue:" + queue;
        }
    }

    /**
     * A Topic of {@code namespace}, the publishing function's own: the text form names only the topic, the routing
     * key both, so a function can publish to its namespace's topics only. Namespaces are DNS labels (no dot), so the
     * key splits back at its first dot.
     */
    record ToTopic(String namespace, String topic) implements DestinationAddress {
        public String exchange() {
            return Exchange.TOPIC.exchangeName();
        }

        public String routingKey() {
            return namespace + "." + topic;
        }

        public String encode() {
            return "topic:" + topic;
        }

        /** The topic a routing key on {@link Exchange#TOPIC} names; empty for a key of another form. */
        public static Optional<ToTopic> ofRoutingKey(String routingKey) {
            int dot = routingKey.indexOf('.');
            if (dot < 1 || dot == routingKey.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new ToTopic(routingKey.substring(0, dot), routingKey.substring(dot + 1)));
        }
    }

    /**
     * {@code namespace}: that of the function whose destination this is, which a topic belongs to.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static DestinationAddress parse(String value, String namespace) {
        int colon = value.indexOf(':');
        if (colon < 1 || colon == value.length() - 1) {
            throw new IllegalArgumentException(
                    "A destination is function:<ns>/<name>, queue:<name> or topic:<name>, got " + value);
        }
        String target = value.substring(colon + 1);
        return switch (value.substring(0, colon)) {
            case "function" ->
                new ToFunction(FunctionId.parse(target)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "A function destination is function:<ns>/<name>, got " + value)));
            case "queue" -> new ToQueue(target);
            case "topic" -> new ToTopic(namespace, target);
            default ->
                throw new IllegalArgumentException(
                        "Unknown destination kind " + value.substring(0, colon) + " in " + value);
        };
    }
}
