package dev.kfn.local.fault;

/** An event found in a function's dead-letter queue: its payload id and the reason kfn gave, if any. */
record DeadLetter(String id, String reason) {

    boolean hasReason() {
        return reason != null && !reason.isBlank();
    }
}
