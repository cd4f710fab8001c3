package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a topic is; its subscriptions live on the Functions that subscribe. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {

    @JsonPropertyDescription("A human-readable name, as SNS's DisplayName.")
    private String displayName;

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }
}
