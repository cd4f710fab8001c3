package dev.kfn.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.operator.ScheduledEvents;
import dev.kfn.testsupport.EventSampleAssert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload read back as Lambda's Java runtime reads it, into aws-lambda-java-events' ScheduledEvent. */
class ScheduledEventPayloadTest {

    private static final FunctionId FN = new FunctionId("reports", "nightly");
    private static final Instant T = Instant.parse("2026-11-27T12:00:00Z");

    private static Schedule schedule(String input) {
        ScheduleTrigger trigger = ScheduleTest.trigger("cron(0 12 ? * MON-FRI *)");
        trigger.setInput(input);
        return Schedule.read(trigger, "spec.triggers[3].schedule");
    }

    private static FiringPlan.Due due(int missed, Duration lateBy) {
        return new FiringPlan.Due(FiringId.of(FN, 3, T), T, missed, lateBy);
    }

    /** {@code kfn events schedule} prints what this builder writes for this firing. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        EventSampleAssert.isTheSample(
                ScheduledEventPayload.of(schedule(null), due(0, Duration.ZERO), FN, 3, "us-east-1"), "schedule");
    }

    @Test
    void isEventBridgesScheduledEvent() {
        ScheduledEvent event = ScheduledEvents.read(
                ScheduledEventPayload.of(schedule(null), due(0, Duration.ZERO), FN, 3, "eu-west-1"));
        assertThat(event.getVersion()).isEqualTo("0");
        assertThat(event.getId()).isEqualTo(FiringId.of(FN, 3, T).toString());
        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(event.getSource()).isEqualTo("aws.events");
        assertThat(event.getAccount()).isEqualTo("reports");
        assertThat(event.getRegion()).isEqualTo("eu-west-1");
        assertThat(event.getTime().getMillis()).isEqualTo(T.toEpochMilli());
        assertThat(event.getResources())
                .containsExactly("arn:aws:scheduler:eu-west-1:reports:schedule/nightly/trigger-3");
        assertThat(event.getDetail()).isEmpty();
    }

    @Test
    void aLateFiringSaysSoInItsDetail() {
        ScheduledEvent event = ScheduledEvents.read(
                ScheduledEventPayload.of(schedule(null), due(2, Duration.ofSeconds(185)), FN, 3, "eu-west-1"));
        assertThat(event.getDetail())
                .containsExactlyInAnyOrderEntriesOf(Map.of("late", true, "secondsLate", 185, "missedFirings", 2));
        assertThat(event.getTime().getMillis())
                .as("the time it was scheduled for")
                .isEqualTo(T.toEpochMilli());
    }

    @Test
    void aFixedInputIsDeliveredInsteadOfTheEvent() {
        byte[] body =
                ScheduledEventPayload.of(schedule("{\"report\":\"daily\"}"), due(0, Duration.ZERO), FN, 3, "eu-west-1");
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"report\":\"daily\"}");
    }
}
