package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/** A subscription to a kfn topic; each message arrives as an SNS event. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicTrigger {

    @Required
    @JsonPropertyDescription("The topic.")
    private String name;

    @JsonPropertyDescription(
            "Message attribute values the subscription accepts (an SNS filter policy); unset accepts all.")
    private Map<String, List<String>> filter;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Map<String, List<String>> getFilter() {
        return filter;
    }

    public void setFilter(Map<String, List<String>> filter) {
        this.filter = filter;
    }
}
