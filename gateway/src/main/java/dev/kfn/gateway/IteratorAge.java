package dev.kfn.gateway;

import java.time.Duration;
import java.time.Instant;

/**
 * Lambda's IteratorAge of a stream or databaseChange batch: how old its last record is when the batch is handed to
 * the function. A backlog shows as a growing age even while every batch succeeds.
 */
public final class IteratorAge {

    private IteratorAge() {}

    /**
     * From the last record's arrival (a stream's) or commit (a database's) to the hand-over; never negative, as the
     * time was stamped by another clock (another gateway replica, the database server). Pure.
     */
    public static Duration of(Instant lastRecord, Instant handedOver) {
        Duration age = Duration.between(lastRecord, handedOver);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
