package dev.kfn.operator;

/** Operator-wide choices for every function's queues. */
public record QueueSettings(String asyncQueueType, int asyncDeliveryLimit) {

    public static QueueSettings from(KfnConfig config) {
        return new QueueSettings(config.broker().asyncQueueType(), config.broker().asyncDeliveryLimit());
    }

    boolean quorum() {
        return "quorum".equals(asyncQueueType);
    }
}
