package dev.kfn.gateway.broker;

/** What the broker said about one publish. */
public enum PublishOutcome {
    /** Queued (and, for a persistent message on a durable queue, written). */
    ACCEPTED,
    /** Refused: the queue is at its {@code max-length} with {@code overflow: reject-publish}. */
    REFUSED,
    /** No queue is bound under the routing key: the function's queues are not declared (yet). */
    UNROUTABLE
}
