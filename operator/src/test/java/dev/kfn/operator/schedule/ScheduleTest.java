package dev.kfn.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.api.ScheduleTrigger;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final String FIELD = "spec.triggers[2].schedule";

    static ScheduleTrigger trigger(String expression) {
        ScheduleTrigger trigger = new ScheduleTrigger();
        trigger.setExpression(expression);
        return trigger;
    }

    @Test
    void readsTheExpressionInItsZoneWithWindowAndInput() {
        ScheduleTrigger trigger = trigger("cron(0 12 ? * MON-FRI *)");
        trigger.setTimeZone("America/New_York");
        trigger.setFlexibleWindow("15m");
        trigger.setInput("{\"report\":\"daily\"}");
        Schedule schedule = Schedule.read(trigger, FIELD);
        assertThat(schedule.expression()).isInstanceOf(ScheduleExpression.Cron.class);
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(schedule.flexibleWindow()).contains(Duration.ofMinutes(15));
        assertThat(schedule.input()).contains("{\"report\":\"daily\"}");
    }

    @Test
    void defaultsToUtcOnTimeWithTheScheduledEvent() {
        ScheduleTrigger trigger = trigger("rate(5 minutes)");
        trigger.setTimeZone(null);
        Schedule schedule = Schedule.read(trigger, FIELD);
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(schedule.flexibleWindow()).isEmpty();
        assertThat(schedule.input()).isEmpty();
    }

    @Test
    void namesEveryFieldThatIsWrong() {
        ScheduleTrigger trigger = trigger("cron(0 25 ? * * *)");
        trigger.setTimeZone("Mars/Olympus_Mons");
        trigger.setFlexibleWindow("2d");
        trigger.setInput("{not json");
        assertThatThrownBy(() -> Schedule.read(trigger, FIELD))
                .hasMessageContaining(FIELD + ".expression: cron(0 25 ? * * *): hours \"25\"")
                .hasMessageContaining(FIELD + ".timeZone: \"Mars/Olympus_Mons\" is not an IANA time zone")
                .hasMessageContaining(FIELD + ".flexibleWindow: \"2d\" is not a duration")
                .hasMessageContaining(FIELD + ".input: not JSON");
    }

    @Test
    void boundsTheFlexibleWindowAsEventBridgeDoes() {
        ScheduleTrigger tooShort = trigger("rate(1 hour)");
        tooShort.setFlexibleWindow("30s");
        ScheduleTrigger tooLong = trigger("rate(1 hour)");
        tooLong.setFlexibleWindow("25h");
        assertThatThrownBy(() -> Schedule.read(tooShort, FIELD))
                .hasMessage(FIELD + ".flexibleWindow: 30s is outside 1m … 24h");
        assertThatThrownBy(() -> Schedule.read(tooLong, FIELD))
                .hasMessage(FIELD + ".flexibleWindow: 25h is outside 1m … 24h");
    }
}
