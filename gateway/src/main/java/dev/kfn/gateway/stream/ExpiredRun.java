package dev.kfn.gateway.stream;

import dev.kfn.api.StreamSource;
import dev.kfn.api.StreamStatus;
import java.time.Instant;
import java.util.Optional;

/** Offsets {@code from} to {@code to} of a partition, dropped by the Stream's retention before a trigger read them. */
record ExpiredRun(long from, long to) {

    long records() {
        return to - from + 1;
    }

    /**
     * What lies between the last offset the reader knows of (its checkpoint, then each record the broker sent) and
     * the record it got: a partition's offsets have no holes, so any are records that expired. Nothing is known of a
     * reader that starts from a starting position ({@code lastSeen} below 0): the oldest record there is is its start.
     * Pure.
     */
    static Optional<ExpiredRun> between(long lastSeen, long offset) {
        return lastSeen >= 0 && offset > lastSeen + 1
                ? Optional.of(new ExpiredRun(lastSeen + 1, offset - 1))
                : Optional.empty();
    }

    /** The partition's entry once this run is added to what it {@code shown} before: the reader is behind. Pure. */
    StreamStatus recordedIn(Optional<StreamStatus> shown, StreamSource source, int partition, Instant at) {
        long before = shown.filter(s -> source.stream().equals(s.getStream()))
                .map(StreamStatus::getExpiredRecords)
                .orElse(0L);
        return new StreamStatus(
                source.trigger(), source.stream(), partition, before + records(), from, to, at.toString(), true);
    }

    /** The entry once its reader has nothing left to read: the record of the last expiry stays. Pure. */
    static StreamStatus caughtUp(StreamStatus entry) {
        return new StreamStatus(
                entry.getTrigger(),
                entry.getStream(),
                entry.getPartition(),
                entry.getExpiredRecords(),
                entry.getLastExpiredFrom(),
                entry.getLastExpiredTo(),
                entry.getLastExpiredAt(),
                null);
    }
}
