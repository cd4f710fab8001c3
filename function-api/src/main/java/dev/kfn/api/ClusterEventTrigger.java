package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Changes of Kubernetes resources; each arrives as an EventBridge-style event with the object as detail. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterEventTrigger {

    @Required
    @JsonPropertyDescription("API version of the watched kind, e.g. v1 or apps/v1.")
    private String apiVersion;

    @Required
    @JsonPropertyDescription("The watched kind, e.g. ConfigMap.")
    private String kind;

    @JsonPropertyDescription("Namespace to watch; unset means the function's own.")
    private String namespace;

    @JsonPropertyDescription("Only objects matching this label selector.")
    private String labelSelector;

    @JsonPropertyDescription("ADDED, MODIFIED, DELETED; empty means all.")
    private List<String> eventTypes;

    @JsonPropertyDescription(
            "For kind Event (core/v1): only Events with one of these reasons, e.g. BackOff;" + " empty means all.")
    private List<String> reasons;

    @JsonPropertyDescription(
            "For kind Event (core/v1): only Events of these types, Normal or Warning;" + " empty means both.")
    private List<String> types;

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getLabelSelector() {
        return labelSelector;
    }

    public void setLabelSelector(String labelSelector) {
        this.labelSelector = labelSelector;
    }

    public List<String> getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(List<String> eventTypes) {
        this.eventTypes = eventTypes;
    }

    public List<String> getReasons() {
        return reasons;
    }

    public void setReasons(List<String> reasons) {
        this.reasons = reasons;
    }

    public List<String> getTypes() {
        return types;
    }

    public void setTypes(List<String> types) {
        this.types = types;
    }
}
