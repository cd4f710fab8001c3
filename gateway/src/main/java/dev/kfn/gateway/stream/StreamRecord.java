package dev.kfn.gateway.stream;

import java.time.Instant;

/** One record as a partition's reader holds it: its offset in the partition is its sequence number. */
public record StreamRecord(long offset, String partitionKey, byte[] data, Instant arrival, long deliveryTag) {

    public String sequenceNumber() {
        return Long.toString(offset);
    }
}
