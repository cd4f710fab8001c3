package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What the operator's scheduler recorded of one schedule trigger: where a new leader resumes (the next scheduled
 * time that has not fired yet), and what a user reads. Times are ISO-8601 instants; a firing is named by its
 * scheduled time, so its id is the same whoever fires it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus {

    /** Index of the trigger in spec.triggers. */
    private Integer trigger;
    /** The expression and time zone the times below were worked out for; any other starts the schedule afresh. */
    private String expression;

    private String timeZone;
    /** The next scheduled time not fired yet; unset when the schedule will not fire again. */
    private String nextFiring;
    /** Scheduled time of the last firing enqueued. */
    private String lastFiring;
    /** Event id of the last firing: the same for every attempt at one scheduled time, for de-duplication. */
    private String lastFiringId;
    /** When the last firing was enqueued. */
    private String lastFiredAt;
    /** The last firing left later than its time: after an operator restart, a broker outage, or missed times. */
    private Boolean lastFiringLate;
    /** Set while a due firing cannot be enqueued; it is retried with back-off. */
    private String error;

    public Integer getTrigger() {
        return trigger;
    }

    public void setTrigger(Integer trigger) {
        this.trigger = trigger;
    }

    public String getExpression() {
        return expression;
    }

    public void setExpression(String expression) {
        this.expression = expression;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getNextFiring() {
        return nextFiring;
    }

    public void setNextFiring(String nextFiring) {
        this.nextFiring = nextFiring;
    }

    public String getLastFiring() {
        return lastFiring;
    }

    public void setLastFiring(String lastFiring) {
        this.lastFiring = lastFiring;
    }

    public String getLastFiringId() {
        return lastFiringId;
    }

    public void setLastFiringId(String lastFiringId) {
        this.lastFiringId = lastFiringId;
    }

    public String getLastFiredAt() {
        return lastFiredAt;
    }

    public void setLastFiredAt(String lastFiredAt) {
        this.lastFiredAt = lastFiredAt;
    }

    public Boolean getLastFiringLate() {
        return lastFiringLate;
    }

    public void setLastFiringLate(Boolean lastFiringLate) {
        this.lastFiringLate = lastFiringLate;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleStatus s
                && Objects.equals(trigger, s.trigger)
                && Objects.equals(expression, s.expression)
                && Objects.equals(timeZone, s.timeZone)
                && Objects.equals(nextFiring, s.nextFiring)
                && Objects.equals(lastFiring, s.lastFiring)
                && Objects.equals(lastFiringId, s.lastFiringId)
                && Objects.equals(lastFiredAt, s.lastFiredAt)
                && Objects.equals(lastFiringLate, s.lastFiringLate)
                && Objects.equals(error, s.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                trigger,
                expression,
                timeZone,
                nextFiring,
                lastFiring,
                lastFiringId,
                lastFiredAt,
                lastFiringLate,
                error);
    }
}
