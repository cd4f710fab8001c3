package dev.kfn.api;

import java.util.List;

/**
 * The broker names of a function: the contract between the operator that declares them, the
 * gateway and triggers that publish to them, and the runtime host that consumes them.
 * Routing keys on {@link #INVOKE_EXCHANGE} and {@link #DEAD_LETTER_EXCHANGE} equal the queue names.
 */
public record QueueNames(String namespace, String function) {

    /** Direct exchange all invocations are published to. */
    public static final String INVOKE_EXCHANGE = "kfn.invoke";
    /** Direct exchange the asynchronous queue dead-letters to (rejected, expired or redelivered too often). */
    public static final String DEAD_LETTER_EXCHANGE = "kfn.dead-letter";
    /** Asynchronous retries wait in one queue per attempt, so every message in a queue has the same delay. */
    public static final int RETRY_QUEUES = Bounds.MAX_RETRIES_MAX;

    public static QueueNames of(Function fn) {
        return new QueueNames(fn.getMetadata().getNamespace(), fn.getMetadata().getName());
    }

    private String base() {
        return "kfn." + namespace + "." + function;
    }

    /** Synchronous calls: a caller waits on its reply queue. */
    public String sync() {
        return base() + ".sync";
    }

    /** Asynchronous events: durable, retried, dead-lettered. */
    public String async() {
        return base() + ".async";
    }

    public String deadLetter() {
        return base() + ".dead-letter";
    }

    /** Where an event waits before retry {@code attempt} (1-based); it expires back into {@link #async()}. */
    public String retry(int attempt) {
        if (attempt < 1 || attempt > RETRY_QUEUES) {
            throw new IllegalArgumentException("retry attempt " + attempt + " outside 1.." + RETRY_QUEUES);
        }
        return base() + ".retry-" + attempt;
    }

    /** Every queue of the function, the order they are declared in. */
    public List<String> all() {
        return List.of(deadLetter(), sync(), async(), retry(1), retry(2));
    }

    public FunctionQueues status() {
        return new FunctionQueues(sync(), async(), deadLetter());
    }
}
