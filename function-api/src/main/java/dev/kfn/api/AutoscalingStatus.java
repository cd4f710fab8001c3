package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the autoscaler last decided for a function, written when it scales or its demand reads fail or recover. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingStatus {

    /** Ready plus unacknowledged messages of both invocation queues at the decision. */
    private Long queueDepth;

    private String lastScaleTime;
    private String lastScaleReason;
    /** Set while the queue depth cannot be read; replicas stay as they are meanwhile. */
    private String readError;

    public Long getQueueDepth() {
        return queueDepth;
    }

    public void setQueueDepth(Long queueDepth) {
        this.queueDepth = queueDepth;
    }

    public String getLastScaleTime() {
        return lastScaleTime;
    }

    public void setLastScaleTime(String lastScaleTime) {
        this.lastScaleTime = lastScaleTime;
    }

    public String getLastScaleReason() {
        return lastScaleReason;
    }

    public void setLastScaleReason(String lastScaleReason) {
        this.lastScaleReason = lastScaleReason;
    }

    public String getReadError() {
        return readError;
    }

    public void setReadError(String readError) {
        this.readError = readError;
    }
}
