package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Notifications of an object-store bucket; each arrives as an S3 event. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreTrigger {

    @Required
    @JsonPropertyDescription("The bucket.")
    private String bucket;

    @JsonPropertyDescription("Event names, e.g. s3:ObjectCreated:*; empty means all.")
    private List<String> events;

    @JsonPropertyDescription("Only keys starting with this.")
    private String prefix;

    @JsonPropertyDescription("Only keys ending with this.")
    private String suffix;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public List<String> getEvents() {
        return events;
    }

    public void setEvents(List<String> events) {
        this.events = events;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getSuffix() {
        return suffix;
    }

    public void setSuffix(String suffix) {
        this.suffix = suffix;
    }
}
