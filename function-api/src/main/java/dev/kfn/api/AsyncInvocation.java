package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Asynchronous invocation: retries, event age, and where results and failures go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AsyncInvocation {

    @Default("2")
    @Min(0)
    @Max(Bounds.MAX_RETRIES_MAX)
    @JsonPropertyDescription("Retries after a failed asynchronous invocation. 0 to 2.")
    private Integer maxRetries = Bounds.MAX_RETRIES_MAX;

    @Default(Bounds.MAX_EVENT_AGE_DEFAULT)
    @Pattern(Bounds.DURATION_PATTERN)
    @ValidationRule(
            value = "duration(self) >= duration('" + Bounds.MAX_EVENT_AGE_MIN + "')"
                    + " && duration(self) <= duration('" + Bounds.MAX_EVENT_AGE_MAX + "')",
            message = "maxEventAge must be between " + Bounds.MAX_EVENT_AGE_MIN + " and " + Bounds.MAX_EVENT_AGE_MAX)
    @JsonPropertyDescription("Events older than this are dead-lettered without running. 60s to 6h.")
    private String maxEventAge = Bounds.MAX_EVENT_AGE_DEFAULT;

    @JsonPropertyDescription("Where a record of each successful asynchronous invocation goes.")
    private Destination onSuccess;

    @JsonPropertyDescription("Where a record of each asynchronous invocation that failed all attempts goes.")
    private Destination onFailure;

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public String getMaxEventAge() {
        return maxEventAge;
    }

    public void setMaxEventAge(String maxEventAge) {
        this.maxEventAge = maxEventAge;
    }

    public Destination getOnSuccess() {
        return onSuccess;
    }

    public void setOnSuccess(Destination onSuccess) {
        this.onSuccess = onSuccess;
    }

    public Destination getOnFailure() {
        return onFailure;
    }

    public void setOnFailure(Destination onFailure) {
        this.onFailure = onFailure;
    }
}
