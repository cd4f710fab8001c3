package dev.kfn.operator.schedule;

import dev.kfn.api.ScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one schedule trigger stands in the leader's memory: its next time, its last firing, and a firing that is
 * failing to enqueue with when to try again. {@link #status} is what a new leader resumes from.
 */
final class ScheduleState {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MOST_BETWEEN_RETRIES = Duration.ofSeconds(60);

    final int trigger;
    private Schedule schedule;
    private Optional<Instant> next;
    private ScheduleStatus last;
    private String error;
    private int failures;
    private Instant retryAt = Instant.MIN;

    private ScheduleState(int trigger, Schedule schedule, Optional<Instant> next, ScheduleStatus last) {
        this.trigger = trigger;
        this.schedule = schedule;
        this.next = next;
        this.last = last;
    }

    /**
     * Resumes from what a leader recorded when it is the same schedule; otherwise starts afresh at {@code now}
     * (a new trigger, or one whose expression or time zone changed).
     */
    static ScheduleState start(int trigger, Schedule schedule, Optional<ScheduleStatus> recorded, Instant now) {
        return recorded.filter(r -> Objects.equals(r.getTrigger(), trigger)
                        && schedule.expressionText().equals(r.getExpression())
                        && schedule.timeZone().equals(r.getTimeZone()))
                .map(r -> new ScheduleState(
                        trigger,
                        schedule,
                        Optional.ofNullable(r.getNextFiring()).map(Instant::parse),
                        r))
                .orElseGet(() -> new ScheduleState(
                        trigger, schedule, schedule.expression().firstFiring(now, schedule.zone()), null));
    }

    boolean sameSchedule(Schedule other) {
        return schedule.expressionText().equals(other.expressionText())
                && schedule.timeZone().equals(other.timeZone());
    }

    /** A new input or window of the same schedule: keeps its place. */
    void update(Schedule current) {
        this.schedule = current;
    }

    Schedule schedule() {
        return schedule;
    }

    Optional<Instant> next() {
        return next;
    }

    /** A firing of this schedule has been refused and not enqueued since. */
    boolean failing() {
        return failures > 0;
    }

    boolean waitingToRetry(Instant now) {
        return retryAt.isAfter(now);
    }

    void fired(FiringPlan.Due due, Instant now) {
        ScheduleStatus fired = new ScheduleStatus();
        fired.setLastFiring(due.scheduled().toString());
        fired.setLastFiringId(due.id().toString());
        fired.setLastFiredAt(now.toString());
        fired.setLastFiringLate(due.late() ? true : null);
        last = fired;
        next = FiringPlan.after(schedule, due);
        error = null;
        failures = 0;
        retryAt = Instant.MIN;
    }

    /** Backs off from 1 s, doubling up to a minute; the firing stays due, so nothing is lost. */
    void failed(String why, Instant now) {
        error = why;
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failures, 6));
        retryAt = now.plus(delay.compareTo(MOST_BETWEEN_RETRIES) > 0 ? MOST_BETWEEN_RETRIES : delay);
        failures++;
    }

    ScheduleStatus status() {
        ScheduleStatus status = new ScheduleStatus();
        status.setTrigger(trigger);
        status.setExpression(schedule.expressionText());
        status.setTimeZone(schedule.timeZone());
        status.setNextFiring(next.map(Instant::toString).orElse(null));
        if (last != null) {
            status.setLastFiring(last.getLastFiring());
            status.setLastFiringId(last.getLastFiringId());
            status.setLastFiredAt(last.getLastFiredAt());
            status.setLastFiringLate(last.getLastFiringLate());
        }
        status.setError(error);
        return status;
    }
}
