package dev.kfn.operator.autoscaler;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A function's demand: ready plus unacknowledged invocations over both its queues.
 * Ready counts are exact (passive declare) for functions the loop reads closely, from the listing
 * otherwise; unacknowledged counts come from the listing. When those are unknown (the listing is
 * stale, or too new a queue), demand is taken as at least every current instance busy: scale-down
 * waits until the figures are back, while scale-up still follows the ready count. (Adding assumed
 * busy instances to the ready count instead would feed each scale-up back into the next.)
 */
public class DemandReader {

    private final Duration listingMaxAge;
    private volatile QueueListing.Snapshot listing = QueueListing.Snapshot.NONE;

    public DemandReader(Duration listingMaxAge) {
        this.listingMaxAge = listingMaxAge;
    }

    public void listing(QueueListing.Snapshot snapshot) {
        this.listing = snapshot;
    }

    /** Whether the listing shows every one of these queues empty, with nothing unacknowledged; unknown is not idle. */
    public boolean listedIdle(List<String> queues) {
        QueueListing.Snapshot snapshot = listing;
        for (String queue : queues) {
            QueueListing.Counts counts = snapshot.counts(queue);
            if (!isZero(counts.ready()) || !isZero(counts.unacknowledged())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(OptionalLong figure) {
        return figure.isPresent() && figure.getAsLong() == 0;
    }

    /**
     * @param exactReady ready counts read exactly this tick, by queue; queues not in it are read from the listing
     * @return the demand, or empty when the ready counts could not be read at all
     */
    public OptionalLong demand(
            FunctionId function,
            Map<String, OptionalLong> exactReady,
            int currentInstances,
            int perInstance,
            Instant now) {
        List<String> queues = function.queues().invocationQueues();
        QueueListing.Snapshot snapshot = listing;
        boolean fresh = Duration.between(snapshot.takenAt(), now).compareTo(listingMaxAge) <= 0;
        long total = 0;
        for (String queue : queues) {
            OptionalLong ready = exactReady.containsKey(queue)
                    ? exactReady.get(queue)
                    : snapshot.counts(queue).ready();
            if (ready.isEmpty()) {
                return OptionalLong.empty();
            }
            total += ready.getAsLong();
        }
        long unacknowledged = 0;
        for (String queue : queues) {
            OptionalLong counted = fresh ? snapshot.counts(queue).unacknowledged() : OptionalLong.empty();
            if (counted.isEmpty()) {
                return OptionalLong.of(Math.max(total, (long) currentInstances * perInstance));
            }
            unacknowledged += counted.getAsLong();
        }
        return OptionalLong.of(total + unacknowledged);
    }

    /** Events waiting in the function's dead-letter queue, from the listing (it lags by a statistics interval); -1 unknown. */
    public long deadLettered(FunctionId function) {
        return listing.counts(function.queues().deadLetter()).ready().orElse(-1);
    }
}
