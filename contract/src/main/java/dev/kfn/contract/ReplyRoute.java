package dev.kfn.contract;

import java.util.Optional;

/**
 * How a reply finds its caller on {@link Exchange#REPLY}: the caller's reply queue is bound with
 * {@code <reply queue>.#}, and the answering host publishes with {@code <reply queue>.<namespace>.<name>}. A
 * function's broker identity may only publish keys ending in its own namespace and name, so the key proves which
 * function answered, and a gateway matches a reply to its caller only when that is the function it called.
 */
public final class ReplyRoute {

    private ReplyRoute() {}

    /** The binding of a caller's reply queue. */
    public static String bindingKey(String replyQueue) {
        return replyQueue + ".#";
    }

    /** The key a host of {@code function} publishes its reply to {@code replyTo} with. */
    public static String routingKey(String replyTo, FunctionId function) {
        return replyTo + "." + function.namespace() + "." + function.name();
    }

    /** The function a reply delivered to {@code replyQueue} under {@code routingKey} came from. */
    public static Optional<FunctionId> answeredBy(String replyQueue, String routingKey) {
        String prefix = replyQueue + ".";
        if (!routingKey.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = routingKey.substring(prefix.length()).split("\\.", -1);
        if (parts.length != 2 || !FunctionId.isLabel(parts[0]) || !FunctionId.isLabel(parts[1])) {
            return Optional.empty();
        }
        return Optional.of(new FunctionId(parts[0], parts[1]));
    }
}
