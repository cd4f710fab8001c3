package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * The row changes of a PostgreSQL table, read in commit order through logical replication and delivered in batches
 * as DynamoDB Streams records (Lambda's {@code DynamodbEvent}); a batch is retried until it succeeds or its retries
 * run out, and the replication slot's position moves only past what succeeded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseChangeTrigger {

    @Required
    @JsonPropertyDescription("Where the database is: a connection of the namespace's Secret kfn-databases.")
    private DatabaseConnection connection;

    @Required
    @Pattern("^[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*$")
    @JsonPropertyDescription("The table, schema-qualified: public.orders.")
    private String table;

    @Default("LATEST")
    @Pattern("^(TRIM_HORIZON|LATEST)$")
    @JsonPropertyDescription("LATEST or TRIM_HORIZON; both start where the trigger's replication slot was made, the"
            + " oldest change a slot can give.")
    private String startingPosition = "LATEST";

    @Default("100")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Most records in one invocation. 1 to 10000.")
    private Integer batchSize = 100;

    @Default("-1")
    @Min(-1)
    @Max(10000)
    @JsonPropertyDescription("Retries of a failing batch before it is given up; -1 (default): until it succeeds.")
    private Integer maximumRetryAttempts = -1;

    @Default("false")
    @JsonPropertyDescription("Split a failing batch in two and retry each half; a split is not a retry.")
    private Boolean bisectBatchOnFunctionError = false;

    @Default("false")
    @JsonPropertyDescription(
            "The function may answer {\"batchItemFailures\":[{\"itemIdentifier\":\"<SequenceNumber>\"}]};"
                    + " the batch is retried from the lowest one.")
    private Boolean reportBatchItemFailures = false;

    @JsonPropertyDescription("A queue of the function's namespace (<namespace>.<name>) that receives Lambda's"
            + " batch-info record when a batch is given up; unset: the record is logged.")
    private String onFailureQueue;

    public DatabaseConnection getConnection() {
        return connection;
    }

    public void setConnection(DatabaseConnection connection) {
        this.connection = connection;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public String getStartingPosition() {
        return startingPosition;
    }

    public void setStartingPosition(String startingPosition) {
        this.startingPosition = startingPosition;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Integer getMaximumRetryAttempts() {
        return maximumRetryAttempts;
    }

    public void setMaximumRetryAttempts(Integer maximumRetryAttempts) {
        this.maximumRetryAttempts = maximumRetryAttempts;
    }

    public Boolean getBisectBatchOnFunctionError() {
        return bisectBatchOnFunctionError;
    }

    public void setBisectBatchOnFunctionError(Boolean bisectBatchOnFunctionError) {
        this.bisectBatchOnFunctionError = bisectBatchOnFunctionError;
    }

    public Boolean getReportBatchItemFailures() {
        return reportBatchItemFailures;
    }

    public void setReportBatchItemFailures(Boolean reportBatchItemFailures) {
        this.reportBatchItemFailures = reportBatchItemFailures;
    }

    public String getOnFailureQueue() {
        return onFailureQueue;
    }

    public void setOnFailureQueue(String onFailureQueue) {
        this.onFailureQueue = onFailureQueue;
    }
}
