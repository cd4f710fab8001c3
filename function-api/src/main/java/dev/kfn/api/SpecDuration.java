package dev.kfn.api;

import java.time.Duration;
import java.util.regex.Matcher;

/** Parses the spec's duration strings ({@link Bounds#DURATION_PATTERN}), the subset of Go durations CEL also reads. */
public final class SpecDuration {

    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(Bounds.DURATION_PATTERN);
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

    private SpecDuration() {}

    /** @throws IllegalArgumentException naming what is wrong, e.g. a number without a unit */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; write a duration such as 30s or 15m");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("\"" + text + "\" has no unit; write a duration such as " + text + "s");
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text
                    + "\" is not a duration; use whole numbers with ms, s, m or h, such as 30s, 15m, 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        try {
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(
                        switch (part.group(2)) {
                            case "ms" -> Duration.ofMillis(amount);
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            default -> Duration.ofHours(amount);
                        });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration to represent");
        }
        return total;
    }
}
