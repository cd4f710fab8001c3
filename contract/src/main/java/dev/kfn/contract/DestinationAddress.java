package dev.kfn.contract;

/**
 * Where an asynchronous invocation's outcome record goes, as the operator writes it into {@code KFN_ON_SUCCESS} /
 * {@code KFN_ON_FAILURE} and the host reads it: {@code function:<ns>/<name>} (an asynchronous invocation of that
 * function) or {@code queue:<name>}, both through {@link Exchange#DESTINATION} keyed by the target queue's name, or
 * {@code topic:<name>} ({@link Exchange#TOPIC}). Going through topic exchanges lets a function's broker identity be
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

    record ToTopic(String topic) implements DestinationAddress {
        public String exchange() {
            return Exchange.TOPIC.exchangeName();
        }

        public String routingKey() {
            return topic;
        }

        public String encode() {
            return "topic:" + topic;
        }
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    static DestinationAddress parse(String value) {
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
            case "topic" -> new ToTopic(target);
            default ->
                throw new IllegalArgumentException(
                        "Unknown destination kind " + value.substring(0, colon) + " in " + value);
        };
    }
}
