package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A {@link Stream} of the function's namespace read in order per partition, as Lambda's Kinesis event source
 * mapping: each batch is one synchronous invocation with a Kinesis event, and a failing batch holds its partition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamTrigger {

    @Required
    @JsonPropertyDescription("The Stream, by name, in the function's namespace.")
    private String name;

    @Default("LATEST")
    @Pattern("^(TRIM_HORIZON|LATEST|AT_TIMESTAMP)$")
    @JsonPropertyDescription("Where a partition is first read: TRIM_HORIZON (oldest kept), LATEST (what arrives"
            + " from now on) or AT_TIMESTAMP (from startingPositionTimestamp). Later reads resume at the checkpoint.")
    private String startingPosition = "LATEST";

    @JsonPropertyDescription("With AT_TIMESTAMP: an RFC 3339 time, such as 2026-12-01T10:00:00Z.")
    private String startingPositionTimestamp;

    @Default("100")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Most records in one invocation. 1 to 10000.")
    private Integer batchSize = 100;

    @Default("0s")
    @Pattern(Bounds.DURATION_PATTERN)
    @JsonPropertyDescription("Longest wait to fill a batch, 0s to 300s.")
    private String batchWindow = "0s";

    @Default("-1")
    @Min(-1)
    @Max(10000)
    @JsonPropertyDescription("Retries of a failing batch before it is given up, 0 to 10000; -1: until it succeeds or"
            + " its records pass maximumRecordAge.")
    private Integer maximumRetryAttempts = -1;

    @Pattern(Bounds.DURATION_PATTERN)
    @JsonPropertyDescription("A failing batch whose oldest record is older than this is given up, 60s to 168h;"
            + " unset: no age limit.")
    private String maximumRecordAge;

    @Default("false")
    @JsonPropertyDescription("Split a failing batch in two and retry each half; a split is not a retry.")
    private Boolean bisectBatchOnFunctionError = false;

    @Default("1")
    @Min(1)
    @Max(10)
    @JsonPropertyDescription("Batches of one partition in flight at once, 1 to 10, order kept per partition key.")
    private Integer parallelizationFactor = 1;

    @Default("false")
    @JsonPropertyDescription(
            "The function may answer {\"batchItemFailures\":[{\"itemIdentifier\":\"<sequenceNumber>\"}]};"
                    + " the partition resumes from the lowest one listed.")
    private Boolean reportBatchItemFailures = false;

    @JsonPropertyDescription(
            "Where a given-up batch is described (Lambda's Kinesis batch-info record): a queue of the" + " namespace.")
    private Destination onFailure;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getStartingPosition() {
        return startingPosition;
    }

    public void setStartingPosition(String startingPosition) {
        this.startingPosition = startingPosition;
    }

    public String getStartingPositionTimestamp() {
        return startingPositionTimestamp;
    }

    public void setStartingPositionTimestamp(String startingPositionTimestamp) {
        this.startingPositionTimestamp = startingPositionTimestamp;
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

    public Integer getMaximumRetryAttempts() {
        return maximumRetryAttempts;
    }

    public void setMaximumRetryAttempts(Integer maximumRetryAttempts) {
        this.maximumRetryAttempts = maximumRetryAttempts;
    }

    public String getMaximumRecordAge() {
        return maximumRecordAge;
    }

    public void setMaximumRecordAge(String maximumRecordAge) {
        this.maximumRecordAge = maximumRecordAge;
    }

    public Boolean getBisectBatchOnFunctionError() {
        return bisectBatchOnFunctionError;
    }

    public void setBisectBatchOnFunctionError(Boolean bisectBatchOnFunctionError) {
        this.bisectBatchOnFunctionError = bisectBatchOnFunctionError;
    }

    public Integer getParallelizationFactor() {
        return parallelizationFactor;
    }

    public void setParallelizationFactor(Integer parallelizationFactor) {
        this.parallelizationFactor = parallelizationFactor;
    }

    public Boolean getReportBatchItemFailures() {
        return reportBatchItemFailures;
    }

    public void setReportBatchItemFailures(Boolean reportBatchItemFailures) {
        this.reportBatchItemFailures = reportBatchItemFailures;
    }

    public Destination getOnFailure() {
        return onFailure;
    }

    public void setOnFailure(Destination onFailure) {
        this.onFailure = onFailure;
    }
}
