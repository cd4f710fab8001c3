package dev.kfn.gateway.stream;

import dev.kfn.api.StreamSource;
import dev.kfn.api.StreamStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Offsets {@code from} to {@code to} of a partition, dropped by the Stream's retention before a trigger read them. */
record ExpiredRun(long from, long to) {

    long records() {
        return to - from + 1;
    }

    /**
     * What lies between the last offset the reader knows of (its checkpoint, then each record the broker sent) and
     * the record it got, if the partition no longer has it: a hole is not enough, since the broker spends offsets of
     * its own (one at the start of each segment) that it sends no consumer, so {@code oldest} — the partition's
     * oldest record, asked only for a hole — tells records that expired (below it) from those. Nothing is known of a
     * reader that starts from a starting position ({@code lastSeen} below 0): the oldest record there is is its start.
     * A hole of one offset is never a loss: it is what the start of a segment looks like, even below the oldest
     * record, when the segment before it has just been dropped (retention drops whole segments, so records go many
     * at a time).
     */
    static Optional<ExpiredRun> between(long lastSeen, long offset, LongSupplier oldest) {
        if (lastSeen < 0 || offset <= lastSeen + 2) {
            return Optional.empty();
        }
        long left = Math.min(offset, oldest.getAsLong());
        return left > lastSeen + 1 ? Optional.of(new ExpiredRun(lastSeen + 1, left - 1)) : Optional.empty();
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
