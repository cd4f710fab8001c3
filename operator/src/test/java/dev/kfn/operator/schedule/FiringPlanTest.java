package dev.kfn.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.ScheduleTrigger;
import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What fires when: on time, after a restart, after a long refusal, and within a flexible window. */
class FiringPlanTest {

    private static final FunctionId FN = new FunctionId("reports", "nightly");
    private static final Instant T = Instant.parse("2026-11-27T12:01:00Z");

    private static Schedule schedule(String expression, String window) {
        ScheduleTrigger trigger = ScheduleTest.trigger(expression);
        trigger.setFlexibleWindow(window);
        return Schedule.read(trigger, "spec.triggers[0].schedule");
    }

    private static Optional<FiringPlan.Due> due(Schedule schedule, Instant next, Instant now) {
        return FiringPlan.due(schedule, Optional.of(next), FN, 0, now);
    }

    @Test
    void nothingIsDueBeforeItsTime() {
        assertThat(due(schedule("cron(* * * * ? *)", null), T, T.minusMillis(1)))
                .isEmpty();
        assertThat(FiringPlan.due(schedule("at(2026-11-27T12:01:00)", null), Optional.empty(), FN, 0, T.plusSeconds(5)))
                .isEmpty();
    }

    @Test
    void firesOnTimeWithAnIdMadeOfFunctionTriggerAndTime() {
        FiringPlan.Due due =
                due(schedule("cron(* * * * ? *)", null), T, T.plusSeconds(2)).orElseThrow();
        assertThat(due.scheduled()).isEqualTo(T);
        assertThat(due.missed()).isZero();
        assertThat(due.late()).isFalse();
        assertThat(due.id())
                .isEqualTo(FiringId.of(FN, 0, T))
                .isNotEqualTo(FiringId.of(FN, 1, T))
                .isNotEqualTo(FiringId.of(FN, 0, T.plusSeconds(60)))
                .isNotEqualTo(FiringId.of(new FunctionId("other", "nightly"), 0, T));
    }

    @Test
    void aRestartAfterThreeMissedMinutesFiresTheLatestOnceAndSaysItIsLate() {
        Schedule everyMinute = schedule("cron(* * * * ? *)", null);
        FiringPlan.Due due = due(everyMinute, T, T.plusSeconds(150)).orElseThrow();
        assertThat(due.scheduled()).isEqualTo(T.plusSeconds(120));
        assertThat(due.missed()).isEqualTo(2);
        assertThat(due.late()).isTrue();
        // once fired, the next time is the one after the latest: nothing of the missed ones is left to fire
        assertThat(FiringPlan.after(everyMinute, due)).contains(T.plusSeconds(180));
        assertThat(due(everyMinute, T.plusSeconds(180), T.plusSeconds(150))).isEmpty();
    }

    @Test
    void aFiringHeldBackPastTheMinuteIsLateByAsMuch() {
        FiringPlan.Due due = due(schedule("cron(0 * * * ? *)", null), T.minusSeconds(60), T.plusSeconds(90))
                .orElseThrow();
        assertThat(due.missed()).isZero();
        assertThat(due.lateBy()).isEqualTo(Duration.ofSeconds(150));
        assertThat(due.late()).isTrue();
    }

    @Test
    void aRateMissedDuringARestartKeepsItsGrid() {
        Schedule rate = schedule("rate(5 minutes)", null);
        FiringPlan.Due due = due(rate, T, T.plus(Duration.ofMinutes(12))).orElseThrow();
        assertThat(due.scheduled()).isEqualTo(T.plus(Duration.ofMinutes(10)));
        assertThat(due.missed()).isEqualTo(2);
        assertThat(FiringPlan.after(rate, due)).contains(T.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aOneOffIsDoneOnceFired() {
        Schedule once = schedule("at(2026-11-27T12:01:00)", null);
        FiringPlan.Due due = due(once, T, T.plusSeconds(1)).orElseThrow();
        assertThat(FiringPlan.after(once, due)).isEmpty();
    }

    @Test
    void aFlexibleWindowSpreadsFiringsInsideItTheSameWayForEveryLeader() {
        Schedule hourly = schedule("cron(0 * * * ? *)", "15m");
        Set<Duration> offsets = new HashSet<>();
        for (int hour = 0; hour < 20; hour++) {
            Instant scheduled = T.minusSeconds(60).plus(Duration.ofHours(hour));
            Instant leaves = FiringPlan.leavesAt(hourly, FN, 0, scheduled);
            assertThat(leaves)
                    .isBetween(scheduled, scheduled.plus(Duration.ofMinutes(15)).minusSeconds(1));
            assertThat(FiringPlan.leavesAt(hourly, FN, 0, scheduled))
                    .as("the same for every leader")
                    .isEqualTo(leaves);
            offsets.add(Duration.between(scheduled, leaves));
        }
        assertThat(offsets).as("offsets differ between firings").hasSizeGreaterThan(1);
        Instant scheduled = T.minusSeconds(60);
        Instant leaves = FiringPlan.leavesAt(hourly, FN, 0, scheduled);
        assertThat(due(hourly, scheduled, leaves.minusSeconds(1))).isEmpty();
        assertThat(due(hourly, scheduled, leaves))
                .hasValueSatisfying(d -> assertThat(d.late()).isFalse());
    }

    @Test
    void aWindowLongerThanTheTimeBetweenFiringsIsCutToIt() {
        Schedule everyMinute = schedule("cron(* * * * ? *)", "15m");
        for (int minute = 0; minute < 20; minute++) {
            Instant scheduled = T.plusSeconds(60L * minute);
            assertThat(FiringPlan.leavesAt(everyMinute, FN, 0, scheduled))
                    .isBetween(scheduled, scheduled.plusSeconds(59));
        }
    }
}
