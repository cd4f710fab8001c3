package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An ordered stream read from a position; records arrive in batches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamTrigger {

    @Required
    @JsonPropertyDescription("The stream.")
    private String name;

    @Default("LATEST")
    @Pattern("^(TRIM_HORIZON|LATEST)$")
    @JsonPropertyDescription("TRIM_HORIZON (oldest) or LATEST.")
    private String startingPosition = "LATEST";

    @Default("100")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Most records in one invocation. 1 to 10000.")
    private Integer batchSize = 100;

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

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }
}
