package dev.kfn.local.fault;

/** When a fault was in force, in epoch milliseconds. */
record Window(long fromMillis, long toMillis) {

    /** Redeliveries land after the fault, once the broker or a host notices it: they still count as near it. */
    private static final long SETTLING_MILLIS = 60_000;

    boolean near(long atMillis) {
        return atMillis >= fromMillis - 1_000 && atMillis <= toMillis + SETTLING_MILLIS;
    }
}
