package dev.kfn.runtime.invoke;

import dev.kfn.api.QueueNames;

/**
 * Where a destination record is published, from {@code KFN_ON_SUCCESS} / {@code KFN_ON_FAILURE}:
 * {@code function:<ns>/<name>} (an asynchronous invocation of that function), {@code queue:<name>}
 * (the default exchange) or {@code topic:<name>} (the topic exchange, routing key = topic).
 */
public record DestinationAddress(String exchange, String routingKey, boolean invocation) {

    public static final String TOPIC_EXCHANGE = "kfn.topic";

    public static DestinationAddress parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 1 || colon == value.length() - 1) {
            throw new IllegalArgumentException("A destination is function:<ns>/<name>, queue:<name> or topic:<name>, got " + value);
        }
        String kind = value.substring(0, colon);
        String target = value.substring(colon + 1);
        return switch (kind) {
            case "function" -> {
                String[] nsName = target.split("/", 2);
                if (nsName.length != 2) {
                    throw new IllegalArgumentException("A function destination is function:<ns>/<name>, got " + value);
                }
                yield new DestinationAddress(QueueNames.INVOKE_EXCHANGE, new QueueNames(nsName[0], nsName[1]).async(), true);
            }
            case "queue" -> new DestinationAddress("", target, false);
            case "topic" -> new DestinationAddress(TOPIC_EXCHANGE, target, false);
            default -> throw new IllegalArgumentException("Unknown destination kind " + kind + " in " + value);
        };
    }
}
