package dev.kfn.operator.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.SpecDuration;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A schedule trigger, read and checked. {@code expressionText} and {@code timeZone} are as the spec wrote them:
 * together they name the schedule, so that a new leader resumes only a schedule that is still the same.
 */
public record Schedule(
        String expressionText,
        ScheduleExpression expression,
        String timeZone,
        ZoneId zone,
        Optional<Duration> flexibleWindow,
        Optional<String> input) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WINDOW_MIN = SpecDuration.parse(ScheduleTrigger.FLEXIBLE_WINDOW_MIN);
    private static final Duration WINDOW_MAX = SpecDuration.parse(ScheduleTrigger.FLEXIBLE_WINDOW_MAX);

    /**
     * @param field where the trigger is in the spec, e.g. {@code spec.triggers[0].schedule}
     * @throws IllegalArgumentException naming every field that is wrong, separated by "; "
     */
    public static Schedule read(ScheduleTrigger trigger, String field) {
        List<String> problems = new ArrayList<>();
        ScheduleExpression expression = null;
        try {
            expression = ScheduleExpression.parse(trigger.getExpression());
        } catch (IllegalArgumentException e) {
            problems.add(field + ".expression: " + e.getMessage());
        }
        String timeZone = Optional.ofNullable(trigger.getTimeZone()).orElse(ScheduleTrigger.DEFAULT_TIME_ZONE);
        ZoneId zone = null;
        if (ZoneId.getAvailableZoneIds().contains(timeZone)) {
            zone = ZoneId.of(timeZone);
        } else {
            problems.add(field + ".timeZone: \"" + timeZone
                    + "\" is not an IANA time zone; write one such as UTC or America/New_York");
        }
        Optional<Duration> window = Optional.empty();
        if (trigger.getFlexibleWindow() != null) {
            try {
                window = Optional.of(SpecDuration.parse(trigger.getFlexibleWindow()));
                if (window.get().compareTo(WINDOW_MIN) < 0 || window.get().compareTo(WINDOW_MAX) > 0) {
                    problems.add(field + ".flexibleWindow: " + trigger.getFlexibleWindow() + " is outside "
                            + ScheduleTrigger.FLEXIBLE_WINDOW_MIN + " … " + ScheduleTrigger.FLEXIBLE_WINDOW_MAX);
                }
            } catch (IllegalArgumentException e) {
                problems.add(field + ".flexibleWindow: " + e.getMessage());
            }
        }
        if (trigger.getInput() != null) {
            try {
                JSON.readTree(trigger.getInput());
            } catch (JsonProcessingException e) {
                problems.add(field + ".input: not JSON (" + e.getOriginalMessage() + "); a function's payload is JSON");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Schedule(
                trigger.getExpression(), expression, timeZone, zone, window, Optional.ofNullable(trigger.getInput()));
    }
}
