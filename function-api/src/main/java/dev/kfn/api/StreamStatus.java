package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What the gateway reading one partition of a stream trigger reports once records of that partition expired (the
 * Stream's retention dropped them) before the trigger read them, written by the gateway alone. {@code catchingUp}
 * holds from an expiry until the reader has nothing left to read in the partition; the rest stays as the record of
 * the last expiry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamStatus {

    /** Index of the trigger in spec.triggers. */
    private Integer trigger;
    /** The Stream the trigger reads. */
    private String stream;
    /** The partition (Kinesis shard {@code shardId-00000000000N}). */
    private Integer partition;
    /** Records of the partition that expired unread, in all. */
    private Long expiredRecords;
    /** First offset (sequence number) of the last run of expired records. */
    private Long lastExpiredFrom;
    /** Last offset of that run. */
    private Long lastExpiredTo;
    /** When the reader found it. */
    private String lastExpiredAt;
    /** True from an expiry until the reader caught up with the partition's newest record. */
    private Boolean catchingUp;

    public StreamStatus() {}

    public StreamStatus(
            Integer trigger,
            String stream,
            Integer partition,
            Long expiredRecords,
            Long lastExpiredFrom,
            Long lastExpiredTo,
            String lastExpiredAt,
            Boolean catchingUp) {
        this.trigger = trigger;
        this.stream = stream;
        this.partition = partition;
        this.expiredRecords = expiredRecords;
        this.lastExpiredFrom = lastExpiredFrom;
        this.lastExpiredTo = lastExpiredTo;
        this.lastExpiredAt = lastExpiredAt;
        this.catchingUp = catchingUp;
    }

    public Integer getTrigger() {
        return trigger;
    }

    public void setTrigger(Integer trigger) {
        this.trigger = trigger;
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public Integer getPartition() {
        return partition;
    }

    public void setPartition(Integer partition) {
        this.partition = partition;
    }

    public Long getExpiredRecords() {
        return expiredRecords;
    }

    public void setExpiredRecords(Long expiredRecords) {
        this.expiredRecords = expiredRecords;
    }

    public Long getLastExpiredFrom() {
        return lastExpiredFrom;
    }

    public void setLastExpiredFrom(Long lastExpiredFrom) {
        this.lastExpiredFrom = lastExpiredFrom;
    }

    public Long getLastExpiredTo() {
        return lastExpiredTo;
    }

    public void setLastExpiredTo(Long lastExpiredTo) {
        this.lastExpiredTo = lastExpiredTo;
    }

    public String getLastExpiredAt() {
        return lastExpiredAt;
    }

    public void setLastExpiredAt(String lastExpiredAt) {
        this.lastExpiredAt = lastExpiredAt;
    }

    public Boolean getCatchingUp() {
        return catchingUp;
    }

    public void setCatchingUp(Boolean catchingUp) {
        this.catchingUp = catchingUp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamStatus other
                && Objects.equals(trigger, other.trigger)
                && Objects.equals(stream, other.stream)
                && Objects.equals(partition, other.partition)
                && Objects.equals(expiredRecords, other.expiredRecords)
                && Objects.equals(lastExpiredFrom, other.lastExpiredFrom)
                && Objects.equals(lastExpiredTo, other.lastExpiredTo)
                && Objects.equals(lastExpiredAt, other.lastExpiredAt)
                && Objects.equals(catchingUp, other.catchingUp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                trigger, stream, partition, expiredRecords, lastExpiredFrom, lastExpiredTo, lastExpiredAt, catchingUp);
    }

    @Override
    public String toString() {
        return "StreamStatus{trigger=" + trigger + ", stream=" + stream + ", partition=" + partition
                + ", expiredRecords=" + expiredRecords + ", lastExpired=" + lastExpiredFrom + ".." + lastExpiredTo
                + " at " + lastExpiredAt + ", catchingUp=" + catchingUp + "}";
    }
}
