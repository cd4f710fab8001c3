package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionQueues;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.QueueNames;
import java.util.Optional;
import java.util.OptionalInt;

/** What a Function asks of the broker, in the contract's terms: its queues with the operator's options, and its length bound. */
public final class FunctionBrokerTopology {

    private FunctionBrokerTopology() {}

    public static FunctionTopology.Options options(KfnConfig.Broker config) {
        return new FunctionTopology.Options(config.asyncQueueType(), config.asyncDeliveryLimit());
    }

    /** Every function's queues are bounded: by its own {@code maxQueued}, else by the operator's default. */
    public static FunctionTopology desired(Function fn, FunctionTopology.Options options, int defaultMaxQueued) {
        int maxQueued = Optional.ofNullable(fn.getSpec().getConcurrency().getMaxQueued())
                .orElse(defaultMaxQueued);
        return FunctionTopology.of(fn.id(), options, OptionalInt.of(maxQueued));
    }

    /** The queues as the Function's status reports them. */
    public static FunctionQueues status(QueueNames names) {
        return new FunctionQueues(names.sync(), names.async(), names.deadLetter());
    }
}
