package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.QueueNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The broker side of a function, as data: its queues with their fixed arguments and bindings, and
 * the policy bounding their length. The length bound lives in a policy rather than in queue
 * arguments because arguments cannot change once a queue exists, and {@code maxQueued} can.
 */
public record FunctionTopology(List<Queue> queues, String policyName, Optional<LengthPolicy> lengthPolicy) {

    /** A queue to declare (durable, never auto-deleted) and the exchange it is bound to, if any, by its own name. */
    public record Queue(String name, Map<String, Object> arguments, Optional<String> boundTo) {
    }

    /** Callers see 429 when a queue is full: {@code reject-publish} nacks the publish instead of dropping old messages. */
    public record LengthPolicy(String pattern, int maxLength) {

        public Map<String, Object> definition() {
            return Map.of("max-length", maxLength, "overflow", "reject-publish");
        }
    }

    public static FunctionTopology desired(Function fn, QueueSettings settings) {
        QueueNames names = QueueNames.of(fn);
        List<Queue> queues = new ArrayList<>();
        queues.add(new Queue(names.deadLetter(), Map.of("x-queue-type", settings.asyncQueueType()),
            Optional.of(QueueNames.DEAD_LETTER_EXCHANGE)));
        // waiting callers are gone when the broker restarts, so synchronous calls need no replication
        queues.add(new Queue(names.sync(), Map.of("x-queue-type", "classic"), Optional.of(QueueNames.INVOKE_EXCHANGE)));
        queues.add(new Queue(names.async(), asyncArguments(names, settings), Optional.of(QueueNames.INVOKE_EXCHANGE)));
        for (int attempt = 1; attempt <= QueueNames.RETRY_QUEUES; attempt++) {
            queues.add(new Queue(names.retry(attempt), Map.of(
                "x-queue-type", "classic",
                "x-dead-letter-exchange", QueueNames.INVOKE_EXCHANGE,
                "x-dead-letter-routing-key", names.async()), Optional.empty()));
        }
        Optional<LengthPolicy> policy = Optional.ofNullable(fn.getSpec().getConcurrency().getMaxQueued())
            .map(max -> new LengthPolicy(invocationQueuesPattern(names), max));
        return new FunctionTopology(List.copyOf(queues), policyName(names), policy);
    }

    public static String policyName(QueueNames names) {
        return "kfn." + names.namespace() + "." + names.function();
    }

    private static Map<String, Object> asyncArguments(QueueNames names, QueueSettings settings) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", settings.asyncQueueType());
        args.put("x-dead-letter-exchange", QueueNames.DEAD_LETTER_EXCHANGE);
        args.put("x-dead-letter-routing-key", names.deadLetter());
        if (settings.quorum()) {
            args.put("x-delivery-limit", settings.asyncDeliveryLimit());
        }
        return args;
    }

    private static String invocationQueuesPattern(QueueNames names) {
        String sync = names.sync();
        String base = sync.substring(0, sync.length() - ".sync".length());
        return "^" + base.replace(".", "\\.") + "\\.(sync|async)$";
    }
}
