package dev.kfn.contract;

import java.util.List;

/**
 * The broker names of one function: the contract between the operator that declares them, the gateway and
 * triggers that publish to them, and the runtime host that consumes them. Routing keys on
 * {@link Exchange#INVOKE} and {@link Exchange#DEAD_LETTER} equal the queue names.
 */
public record QueueNames(FunctionId function) {

    /** Asynchronous retries wait in one queue per attempt, so every message in a queue has the same delay. */
    public static final int RETRY_QUEUES = 2;

    /** Every kfn queue and policy starts with this, so a listing or a permission can select kfn's own. */
    public static final String PREFIX = "kfn.";

    private String base() {
        return PREFIX + function.namespace() + "." + function.name();
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

    /** Every queue of the function, in the order they are declared. */
    public List<String> all() {
        return List.of(deadLetter(), sync(), async(), retry(1), retry(2));
    }

    /** The queues that hold invocations waiting for an instance: what the autoscaler counts. */
    public List<String> invocationQueues() {
        return List.of(sync(), async());
    }

    /** The name of the function's queue-length policy. */
    public String policyName() {
        return base();
    }

    /** A regex matching exactly {@link #invocationQueues()}, for the length policy. */
    public String invocationQueuesPattern() {
        return "^" + base().replace(".", "\\.") + "\\.(sync|async)$";
    }
}
