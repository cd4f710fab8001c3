package dev.kfn.gateway.queue;

/**
 * How many batches a queue trigger keeps in flight, as Lambda's SQS poller scales: it starts with 5, adds up to
 * 300 a minute while messages wait and every batch slot is busy, never passes its cap, and halves when the
 * function fails. Decided once a second. Pure.
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
