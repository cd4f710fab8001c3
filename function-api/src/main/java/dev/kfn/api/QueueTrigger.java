package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * An existing broker queue consumed in batches, as Lambda's SQS event source mapping: each batch is one
 * synchronous invocation with an SQS event, and may answer with {@code batchItemFailures}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueTrigger {

    @Required
    @JsonPropertyDescription("The queue to consume: an existing queue on kfn's broker, not one of a function's own.")
    private String name;

    @Default("10")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription(
            "Most messages in one invocation, 1 to 10000; above 10 needs a batchWindow of at least 1s.")
    private Integer batchSize = 10;

    @Default("0s")
    @Pattern(Bounds.DURATION_PATTERN)
    @JsonPropertyDescription("Longest wait to fill a batch, 0s to 300s.")
    private String batchWindow = "0s";

    @Min(2)
    @Max(1000)
    @JsonPropertyDescription("Most batches in flight at once, 2 to 1000; unset: as many as the poller scales to.")
    private Integer maximumConcurrency;

    @Default("false")
    @JsonPropertyDescription("The function may answer {\"batchItemFailures\":[{\"itemIdentifier\":\"<messageId>\"}]}"
            + " to return only those messages.")
    private Boolean reportBatchItemFailures = false;

    @Default("30s")
    @Pattern(Bounds.DURATION_PATTERN)
    @JsonPropertyDescription("How long a failed message stays invisible before it is delivered again (SQS's"
            + " visibility timeout), 0s to 12h.")
    private String visibilityTimeout = "30s";

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Deliveries of one message before it goes to deadLetterQueue (SQS's redrive policy);"
            + " unset: delivered until it succeeds.")
    private Integer maxReceiveCount;

    @JsonPropertyDescription("The queue a message goes to after maxReceiveCount deliveries; required with it.")
    private String deadLetterQueue;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public String getBatchWindow() {
        return batchWindow;
    }

    public void setBatchWindow(String batchWindow) {
        this.batchWindow = batchWindow;
    }

    public Integer getMaximumConcurrency() {
        return maximumConcurrency;
    }

    public void setMaximumConcurrency(Integer maximumConcurrency) {
        this.maximumConcurrency = maximumConcurrency;
    }

    public Boolean getReportBatchItemFailures() {
        return reportBatchItemFailures;
    }

    public void setReportBatchItemFailures(Boolean reportBatchItemFailures) {
        this.reportBatchItemFailures = reportBatchItemFailures;
    }

    public String getVisibilityTimeout() {
        return visibilityTimeout;
    }

    public void setVisibilityTimeout(String visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
    }

    public Integer getMaxReceiveCount() {
        return maxReceiveCount;
    }

    public void setMaxReceiveCount(Integer maxReceiveCount) {
        this.maxReceiveCount = maxReceiveCount;
    }

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }
}
