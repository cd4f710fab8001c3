package dev.kfn.contract;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The broker side of a function, as data: its queues with their fixed arguments and bindings, and the policy
 * bounding their length. This is the one place a function queue is defined; the operator declares from it and
 * tests apply it. The length bound lives in a policy rather than in queue arguments because arguments cannot
 * change once a queue exists, and {@code maxQueued} can.
 */
public record FunctionTopology(
        FunctionId function, List<QueueDeclaration> queues, Optional<LengthPolicy> lengthPolicy) {

    /** Operator-wide choices for every function's queues. */
    public record Options(String asyncQueueType, int asyncDeliveryLimit) {

        public static final String QUORUM = "quorum";
        public static final String CLASSIC = "classic";
        /** The operator's defaults, as text for configuration defaults. */
        public static final String DEFAULT_QUEUE_TYPE = QUORUM;

        public static final String DEFAULT_DELIVERY_LIMIT = "10";
        public static final Options DEFAULTS =
                new Options(DEFAULT_QUEUE_TYPE, Integer.parseInt(DEFAULT_DELIVERY_LIMIT));

        boolean quorum() {
            return QUORUM.equals(asyncQueueType);
        }
    }

    /** Callers see 429 when a queue is full: {@code reject-publish} nacks the publish instead of dropping old messages. */
    public record LengthPolicy(String pattern, int maxLength) {

        public Map<String, Object> definition() {
            return Map.of("max-length", maxLength, "overflow", "reject-publish");
        }
    }

    public static FunctionTopology of(FunctionId function, Options options, OptionalInt maxQueued) {
        QueueNames names = function.queues();
        List<QueueDeclaration> queues = new ArrayList<>();
        queues.add(new QueueDeclaration(
                names.deadLetter(),
                Map.of("x-queue-type", options.asyncQueueType()),
                Optional.of(Exchange.DEAD_LETTER)));
        // waiting callers are gone when the broker restarts, so synchronous calls need no replication
        queues.add(new QueueDeclaration(
                names.sync(), Map.of("x-queue-type", Options.CLASSIC), Optional.of(Exchange.INVOKE)));
        queues.add(new QueueDeclaration(names.async(), asyncArguments(names, options), Optional.of(Exchange.INVOKE)));
        for (int attempt = 1; attempt <= QueueNames.RETRY_QUEUES; attempt++) {
            queues.add(new QueueDeclaration(
                    names.retry(attempt),
                    Map.of(
                            "x-queue-type", Options.CLASSIC,
                            "x-dead-letter-exchange", Exchange.INVOKE.exchangeName(),
                            "x-dead-letter-routing-key", names.async()),
                    Optional.empty()));
        }
        Optional<LengthPolicy> policy = maxQueued.isPresent()
                ? Optional.of(new LengthPolicy(names.invocationQueuesPattern(), maxQueued.getAsInt()))
                : Optional.empty();
        return new FunctionTopology(function, List.copyOf(queues), policy);
    }

    private static Map<String, Object> asyncArguments(QueueNames names, Options options) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", options.asyncQueueType());
        args.put("x-dead-letter-exchange", Exchange.DEAD_LETTER.exchangeName());
        args.put("x-dead-letter-routing-key", names.deadLetter());
        if (options.quorum()) {
            args.put("x-delivery-limit", options.asyncDeliveryLimit());
        }
        return args;
    }

    /** A further binding of one of the function's queues, by the queue's own name. */
    public record Binding(String queue, Exchange exchange) {}

    /**
     * The bindings that let a function's own broker identity reach its queues only through topic exchanges
     * ({@link dev.kfn.contract.broker.BrokerPermissions}): every queue of its own through {@link Exchange#SELF}
     * (retries, dead letters, a delivery handed back), and its async queue through {@link Exchange#DESTINATION}
     * for other functions' destinations.
     */
    public List<Binding> isolationBindings() {
        QueueNames names = function.queues();
        List<Binding> bindings = new ArrayList<>();
        for (String queue : names.all()) {
            bindings.add(new Binding(queue, Exchange.SELF));
        }
        bindings.add(new Binding(names.async(), Exchange.DESTINATION));
        return List.copyOf(bindings);
    }

    public String policyName() {
        return function.queues().policyName();
    }

    /**
     * Declares the exchanges and the {@link TopicIntake}, then every queue and binding; safe to repeat. The length policy is not set here
     * (it goes through the management API, and before the queues: see {@code BrokerManagement}).
     */
    public void declare(Channel channel) throws IOException {
        Exchange.declareAll(channel);
        TopicIntake.declare(channel);
        for (QueueDeclaration queue : queues) {
            queue.declare(channel);
        }
        for (Binding binding : isolationBindings()) {
            channel.queueBind(binding.queue(), binding.exchange().exchangeName(), binding.queue());
        }
    }

    /** Deletes every queue of the function with whatever it still holds. */
    public static void delete(Channel channel, FunctionId function) throws IOException {
        for (String queue : function.queues().all()) {
            channel.queueDelete(queue);
        }
    }
}
