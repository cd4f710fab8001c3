package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A broker queue consumed in batches; each batch arrives as an SQS event and may answer with batchItemFailures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueTrigger {

    @Required
    @JsonPropertyDescription("The queue to consume.")
    private String name;

    @Default("10")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Most messages in one invocation. 1 to 10000.")
    private Integer batchSize = 10;

    @Default("0s")
    @Pattern(Bounds.DURATION_PATTERN)
    @JsonPropertyDescription("Longest wait to fill a batch.")
    private String maxBatchingWindow = "0s";

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

    public String getMaxBatchingWindow() {
        return maxBatchingWindow;
    }

    public void setMaxBatchingWindow(String maxBatchingWindow) {
        this.maxBatchingWindow = maxBatchingWindow;
    }
}
