package dev.kfn.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** EventBridge Scheduler's expressions, as a table of next firings and of refusals. */
class ScheduleExpressionTest {

    private static final String UTC = "UTC";
    /** Daylight saving in 2026: clocks go forward 2:00 → 3:00 on 8 March, back 2:00 → 1:00 on 1 November. */
    private static final String NEW_YORK = "America/New_York";

    static Stream<Arguments> nextFirings() {
        return Stream.of(
                // rates count from the last time, a day being 24 hours whatever the clock does
                Arguments.of("rate(1 minute)", UTC, "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z"),
                Arguments.of("rate(5 minutes)", UTC, "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z"),
                Arguments.of("rate(1 hour)", UTC, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"),
                Arguments.of("rate(2 days)", UTC, "2026-03-01T10:00:00Z", "2026-03-03T10:00:00Z"),
                Arguments.of("rate(1 day)", NEW_YORK, "2026-03-07T17:00:00Z", "2026-03-08T17:00:00Z"),
                // cron: six fields, day of week 1-7 = SUN-SAT
                Arguments.of("cron(0 12 ? * MON-FRI *)", UTC, "2026-11-27T12:00:00Z", "2026-11-30T12:00:00Z"),
                Arguments.of("cron(0 12 ? * 2-6 *)", UTC, "2026-11-27T12:00:00Z", "2026-11-30T12:00:00Z"),
                Arguments.of("cron(0 12 ? * 1 *)", UTC, "2026-11-27T12:00:00Z", "2026-11-29T12:00:00Z"),
                Arguments.of("cron(* * * * ? *)", UTC, "2026-11-27T12:00:30Z", "2026-11-27T12:01:00Z"),
                Arguments.of("cron(0/15 * * * ? *)", UTC, "2026-11-27T12:00:00Z", "2026-11-27T12:15:00Z"),
                Arguments.of("cron(0 8 1,15 * ? *)", UTC, "2026-11-02T00:00:00Z", "2026-11-15T08:00:00Z"),
                // read on the zone's wall clock: noon in New York is 17:00Z in winter, 16:00Z in summer
                Arguments.of("cron(0 12 ? * MON-FRI *)", NEW_YORK, "2026-11-27T17:00:00Z", "2026-11-30T17:00:00Z"),
                Arguments.of("cron(0 12 ? * MON-FRI *)", NEW_YORK, "2026-07-01T00:00:00Z", "2026-07-01T16:00:00Z"),
                // spring forward: 2:30 does not exist on 8 March, so that day does not fire
                Arguments.of("cron(30 2 * * ? *)", NEW_YORK, "2026-03-08T05:00:00Z", "2026-03-09T06:30:00Z"),
                Arguments.of("cron(30 * * * ? *)", NEW_YORK, "2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"),
                // fall back: 1:30 happens twice on 1 November and fires at its first occurrence only
                Arguments.of("cron(30 1 * * ? *)", NEW_YORK, "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z"),
                Arguments.of("cron(30 1 * * ? *)", NEW_YORK, "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                Arguments.of("cron(30 * * * ? *)", NEW_YORK, "2026-11-01T05:30:00Z", "2026-11-01T07:30:00Z"),
                Arguments.of("cron(* * * * ? *)", NEW_YORK, "2026-11-01T05:59:00Z", "2026-11-01T07:00:00Z"),
                // L, W and #
                Arguments.of("cron(0 9 L * ? *)", UTC, "2026-02-01T00:00:00Z", "2026-02-28T09:00:00Z"),
                Arguments.of("cron(0 9 15W * ? *)", UTC, "2026-08-01T00:00:00Z", "2026-08-14T09:00:00Z"),
                Arguments.of("cron(0 10 ? * 6#3 *)", UTC, "2026-11-01T00:00:00Z", "2026-11-20T10:00:00Z"),
                Arguments.of("cron(0 10 ? * 6L *)", UTC, "2026-11-01T00:00:00Z", "2026-11-27T10:00:00Z"),
                Arguments.of("cron(0 0 1 1 ? 2027)", UTC, "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                // at: once, on the zone's wall clock; a time the clock skips fires once the clock is past it
                Arguments.of("at(2026-12-24T18:00:00)", NEW_YORK, "2026-12-01T00:00:00Z", "2026-12-24T23:00:00Z"),
                Arguments.of("at(2026-03-08T02:30:00)", NEW_YORK, "2026-03-01T00:00:00Z", "2026-03-08T07:30:00Z"));
    }

    @ParameterizedTest(name = "{0} in {1} after {2} → {3}")
    @MethodSource("nextFirings")
    void nextFiringIsTheFirstScheduledTimeAfter(String expression, String zone, String after, String next) {
        assertThat(ScheduleExpression.parse(expression).nextFiring(Instant.parse(after), ZoneId.of(zone)))
                .contains(Instant.parse(next));
    }

    @Test
    void aOneOffOrAYearThatHasPassedNeverFiresAgain() {
        assertThat(ScheduleExpression.parse("at(2026-12-24T18:00:00)")
                        .nextFiring(Instant.parse("2026-12-24T18:00:00Z"), ZoneId.of(UTC)))
                .isEmpty();
        assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2027)")
                        .nextFiring(Instant.parse("2027-01-01T00:00:00Z"), ZoneId.of(UTC)))
                .isEmpty();
    }

    @Test
    void aRateStartsAtOnceAndCronAndAtWaitForTheirTime() {
        Instant now = Instant.parse("2026-03-01T10:00:12.345Z");
        ZoneId utc = ZoneId.of(UTC);
        assertThat(ScheduleExpression.parse("rate(5 minutes)").firstFiring(now, utc))
                .contains(Instant.parse("2026-03-01T10:00:12Z"));
        assertThat(ScheduleExpression.parse("cron(0 * * * ? *)").firstFiring(now, utc))
                .contains(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(ScheduleExpression.parse("cron(0 10 * * ? *)")
                        .firstFiring(Instant.parse("2026-03-01T10:00:00Z"), utc))
                .contains(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(ScheduleExpression.parse("at(2026-03-01T09:00:00)").firstFiring(now, utc))
                .isEqualTo(Optional.empty());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("every 5 minutes", "is not a schedule expression; write rate(5 minutes)"),
                Arguments.of("rate(five minutes)", "rate(five minutes): write rate(<value> <unit>)"),
                Arguments.of("rate(0 minutes)", "the value must be a positive whole number"),
                Arguments.of("rate(5 minute)", "rate(5 minute): write rate(5 minutes)"),
                Arguments.of("rate(1 minutes)", "rate(1 minutes): write rate(1 minute)"),
                Arguments.of("rate(30 seconds)", "the unit must be minute(s), hour(s) or day(s)"),
                Arguments.of("cron(0 12 * * ?)", "cron(0 12 * * ?): has 5 fields; EventBridge cron has six"),
                Arguments.of("cron(0 0 12 ? * MON-FRI *)", "has 7 fields"),
                Arguments.of(
                        "cron(60 12 ? * * *)", "minutes \"60\": Minute and Second values must be between 0 and 59"),
                Arguments.of("cron(99 12 ? * * *)", "minutes \"99\": 99 is out of range"),
                Arguments.of("cron(0 25 ? * * *)", "hours \"25\": Hour values must be between 0 and 23"),
                Arguments.of("cron(0 12 32 * ? *)", "day-of-month \"32\""),
                Arguments.of("cron(0 12 W * ? *)", "day-of-month \"W\""),
                Arguments.of("cron(0 12 ? 13 * *)", "month \"13\""),
                Arguments.of("cron(0 12 ? * 8 *)", "day-of-week \"8\""),
                Arguments.of("cron(0 12 ? * FOO *)", "day-of-week \"FOO\""),
                Arguments.of("cron(0 12 ? * 2#6 *)", "day-of-week \"2#6\""),
                Arguments.of("cron(0 12 * * * *)", "exactly one of day-of-month and day-of-week must be '?'"),
                Arguments.of("cron(0 12 ? * ? *)", "exactly one of day-of-month and day-of-week must be '?'"),
                Arguments.of(
                        "at(2026-12-24 18:00)",
                        "at(2026-12-24 18:00): not a date and time; write at(yyyy-mm-ddThh:mm:ss)"),
                Arguments.of("at(2026-02-30T00:00:00)", "not a date and time"),
                Arguments.of("at(2026-12-24T18:00)", "not a date and time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWhatEventBridgeRefusesNamingTheField(String expression, String message) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
