package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * An EventBridge Scheduler schedule. Each firing is an asynchronous invocation whose payload is an EventBridge
 * Scheduled Event, or the fixed {@code input} when one is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleTrigger {

    /** The three forms EventBridge Scheduler accepts; what is inside the parentheses the operator checks. */
    public static final String EXPRESSION_PATTERN = "^(rate|cron|at)\\(.*\\)$";

    public static final String DEFAULT_TIME_ZONE = "UTC";
    /** EventBridge Scheduler's MaximumWindowInMinutes is 1 … 1440. */
    public static final String FLEXIBLE_WINDOW_MIN = "1m";

    public static final String FLEXIBLE_WINDOW_MAX = "24h";

    @Required
    @Pattern(EXPRESSION_PATTERN)
    @JsonPropertyDescription(
            "When it fires, as EventBridge Scheduler writes it: rate(5 minutes) (minute(s), hour(s), day(s));"
                    + " cron(0 12 ? * MON-FRI *) (minutes hours day-of-month month day-of-week year, day of week 1-7 = SUN-SAT,"
                    + " one day field '?', L W # allowed); or at(2026-12-24T18:00:00) to fire once.")
    private String expression;

    @Default(DEFAULT_TIME_ZONE)
    @JsonPropertyDescription("IANA time zone cron and at expressions are read in, e.g. America/New_York.")
    private String timeZone = DEFAULT_TIME_ZONE;

    @Pattern(Bounds.DURATION_PATTERN)
    @ValidationRule(
            value = "duration(self) >= duration('" + FLEXIBLE_WINDOW_MIN + "')" + " && duration(self) <= duration('"
                    + FLEXIBLE_WINDOW_MAX + "')",
            message = "flexibleWindow must be between " + FLEXIBLE_WINDOW_MIN + " and " + FLEXIBLE_WINDOW_MAX)
    @JsonPropertyDescription("Fire somewhere within this window after each scheduled time, as EventBridge's flexible"
            + " time window spreads load (1m to 24h); unset fires at the scheduled time.")
    private String flexibleWindow;

    @JsonPropertyDescription("Fixed JSON delivered instead of the Scheduled Event.")
    private String input;

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

    public String getFlexibleWindow() {
        return flexibleWindow;
    }

    public void setFlexibleWindow(String flexibleWindow) {
        this.flexibleWindow = flexibleWindow;
    }

    public String getInput() {
        return input;
    }

    public void setInput(String input) {
        this.input = input;
    }
}
