package dev.kfn.gateway.queue;

import java.util.OptionalInt;

/**
 * How many batches a queue trigger keeps in flight, as Lambda's SQS poller scales: it starts with 5, adds up to
 * 300 a minute while messages wait and every batch slot is busy, never passes its cap, and halves when the
 * function fails. Decided once a second. Pure.
 *
 * <p>The cap is the function's, not a replica's: the lower of the trigger's {@code maximumConcurrency} and the
 * function's reserved concurrency, shared by the gateway replicas polling the queue, each counted by its consumer
 * on it. A replica takes its whole share ({@code cap / consumers}, at least 1), so all together stay within the cap
 * while there are no more replicas than it allows.
 */
public final class PollerScaling {

    public static final int START = 5;
    /** 300 a minute, decided every second. */
    public static final int STEP = 5;

    public static final int MAX = 1000;

    private PollerScaling() {}

    public static int start(int cap) {
        return Math.min(START, cap);
    }

    /** The most batches the function as a whole may have in flight from this trigger. */
    public static int functionCap(OptionalInt maximumConcurrency, OptionalInt reserved) {
        int cap = maximumConcurrency.orElse(MAX);
        return reserved.isPresent() ? Math.max(1, Math.min(cap, reserved.getAsInt())) : cap;
    }

    /** This replica's part of {@code cap} when {@code consumers} replicas (itself included) poll the queue. */
    public static int share(int cap, int consumers) {
        return Math.max(1, cap / Math.max(1, consumers));
    }

    public static int next(int current, int cap, boolean messagesWaiting, boolean allBusy, boolean failed) {
        if (failed) {
            return Math.max(1, current / 2);
        }
        if (messagesWaiting && allBusy) {
            return Math.min(cap, current + STEP);
        }
        return Math.min(current, cap);
    }
}
