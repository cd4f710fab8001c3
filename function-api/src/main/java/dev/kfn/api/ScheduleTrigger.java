package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A cron schedule; each firing delivers an EventBridge Scheduled Event. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleTrigger {

    @Required
    @JsonPropertyDescription("Five-field cron expression (minute hour day-of-month month day-of-week), as Kubernetes CronJobs.")
    private String cron;

    @Default("UTC")
    @JsonPropertyDescription("IANA time zone the expression is read in.")
    private String timeZone = "UTC";

    @JsonPropertyDescription("JSON delivered as the event detail; {} when unset.")
    private String payload;

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = cron;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
