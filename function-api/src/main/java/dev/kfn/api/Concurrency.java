package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How many invocations run at once, per instance and in total, and how many may wait. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.reserved) || !has(self.provisioned) || self.provisioned <= self.reserved",
        message = "concurrency.provisioned must not exceed concurrency.reserved",
        fieldPath = ".provisioned")
public class Concurrency {

    @Default("1")
    @Min(Bounds.PER_INSTANCE_MIN)
    @Max(Bounds.PER_INSTANCE_MAX)
    @JsonPropertyDescription("Invocations one instance runs at the same time. 1 to 1000.")
    private Integer perInstance = 1;

    @Min(0)
    @JsonPropertyDescription(
            "Cap on concurrent executions of the function (instances × perInstance); unset means the operator's maximum.")
    private Integer reserved;

    @Default("0")
    @Min(0)
    @JsonPropertyDescription("Executions kept initialised and ready even with no demand; at most reserved.")
    private Integer provisioned = 0;

    @Min(1)
    @JsonPropertyDescription(
            "Bound on invocations waiting in each of the function's queues; beyond it callers get 429.")
    private Integer maxQueued;

    public Integer getPerInstance() {
        return perInstance;
    }

    public void setPerInstance(Integer perInstance) {
        this.perInstance = perInstance;
    }

    public Integer getReserved() {
        return reserved;
    }

    public void setReserved(Integer reserved) {
        this.reserved = reserved;
    }

    public Integer getProvisioned() {
        return provisioned;
    }

    public void setProvisioned(Integer provisioned) {
        this.provisioned = provisioned;
    }

    public Integer getMaxQueued() {
        return maxQueued;
    }

    public void setMaxQueued(Integer maxQueued) {
        this.maxQueued = maxQueued;
    }
}
