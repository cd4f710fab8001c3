package dev.kfn.operator.schedule;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides what fires now. A schedule stands at its next scheduled time that has not fired; when that time (plus
 * its place in the flexible window) has come, the latest time that has come fires, once. Times that passed
 * without firing (the operator was down, the broker refused) are not fired one by one: the firing says how many
 * it stands for, and that it is late. Pure: the time is passed in.
 */
public final class FiringPlan {

    /** EventBridge Scheduler's precision: a firing within the minute is on time. */
    public static final Duration LATE_AFTER = Duration.ofSeconds(60);

    /**
     * @param scheduled the time the schedule named; the event's {@code time}
     * @param missed earlier scheduled times this firing stands for
     * @param lateBy how long after its time (and place in the window) it leaves; zero when on time
     */
    public record Due(UUID id, Instant scheduled, int missed, Duration lateBy) {

        public boolean late() {
            return missed > 0 || !lateBy.isZero();
        }
    }

    private FiringPlan() {}

    public static Optional<Due> due(
            Schedule schedule, Optional<Instant> next, FunctionId function, int trigger, Instant now) {
        if (next.isEmpty() || leavesAt(schedule, function, trigger, next.get()).isAfter(now)) {
            return Optional.empty();
        }
        Instant scheduled = next.get();
        int missed = 0;
        for (Optional<Instant> later = schedule.expression().nextFiring(scheduled, schedule.zone());
                later.isPresent()
                        && !leavesAt(schedule, function, trigger, later.get()).isAfter(now);
                later = schedule.expression().nextFiring(scheduled, schedule.zone())) {
            scheduled = later.get();
            missed++;
        }
        Duration behind = Duration.between(leavesAt(schedule, function, trigger, scheduled), now);
        return Optional.of(new Due(
                FiringId.of(function, trigger, scheduled),
                scheduled,
                missed,
                behind.compareTo(LATE_AFTER) > 0 ? behind : Duration.ZERO));
    }

    /** The next time after a firing, or empty when the schedule is done (a one-off). */
    public static Optional<Instant> after(Schedule schedule, Due fired) {
        return schedule.expression().nextFiring(fired.scheduled(), schedule.zone());
    }

    /**
     * Scheduled time plus a place in the flexible window that depends on the firing's id alone, so every leader
     * spreads the same firing to the same moment. A window longer than the time to the next firing is cut to it,
     * so firings keep their order.
     */
    static Instant leavesAt(Schedule schedule, FunctionId function, int trigger, Instant scheduled) {
        return schedule.flexibleWindow()
                .map(window -> {
                    Duration span = schedule.expression()
                            .nextFiring(scheduled, schedule.zone())
                            .map(following -> Duration.between(scheduled, following))
                            .filter(gap -> gap.compareTo(window) < 0)
                            .orElse(window);
                    long seconds = Math.max(1, span.toSeconds());
                    return scheduled.plusSeconds(Math.floorMod(
                            FiringId.of(function, trigger, scheduled).getLeastSignificantBits(), seconds));
                })
                .orElse(scheduled);
    }
}
