package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A subscription to a {@link Topic} of the function's namespace; each message arrives as an SNS event. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicTrigger {

    public static final String SCOPE_ATTRIBUTES = "MessageAttributes";
    public static final String SCOPE_BODY = "MessageBody";

    @Required
    @JsonPropertyDescription("The Topic, by name, in the function's namespace.")
    private String name;

    @JsonPropertyDescription("An SNS subscription filter policy, as JSON or YAML: exact values, prefix, suffix,"
            + " anything-but, numeric ranges, exists, $or; unset accepts every message.")
    private JsonNode filterPolicy;

    @Pattern("^(MessageAttributes|MessageBody)$")
    @JsonPropertyDescription("What the filter policy reads: MessageAttributes (default) or MessageBody.")
    private String filterPolicyScope;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public JsonNode getFilterPolicy() {
        return filterPolicy;
    }

    public void setFilterPolicy(JsonNode filterPolicy) {
        this.filterPolicy = filterPolicy;
    }

    public String getFilterPolicyScope() {
        return filterPolicyScope;
    }

    public void setFilterPolicyScope(String filterPolicyScope) {
        this.filterPolicyScope = filterPolicyScope;
    }
}
