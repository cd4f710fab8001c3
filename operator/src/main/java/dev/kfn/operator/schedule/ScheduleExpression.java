package dev.kfn.operator.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A schedule expression exactly as EventBridge Scheduler writes it: {@code rate(5 minutes)}, {@code cron(0 12 ? * MON-FRI *)}
 * (six fields, no seconds, day of week 1–7 = SUN–SAT, {@code ? L W #}) or {@code at(2026-12-24T18:00:00)}. Cron is
 * Quartz's syntax without the seconds field, so Quartz's {@link CronExpression} reads it; kfn adds only what
 * Quartz does not check. Pure: {@link #nextFiring} is told the time.
 */
public sealed interface ScheduleExpression {

    /**
     * The first scheduled time strictly after {@code after}, read in {@code zone}; empty when there is none (a
     * one-off that has passed).
     */
    Optional<Instant> nextFiring(Instant after, ZoneId zone);

    /**
     * The first time of a schedule first seen at {@code now}. A rate with no start date starts at once, as
     * EventBridge Scheduler's does; cron and at wait for their time.
     */
    default Optional<Instant> firstFiring(Instant now, ZoneId zone) {
        return nextFiring(now.minusNanos(1), zone);
    }

    /** @throws IllegalArgumentException saying what is wrong, beginning with the expression */
    static ScheduleExpression parse(String text) {
        Matcher form = Pattern.compile("^(rate|cron|at)\\((.*)\\)$").matcher(text == null ? "" : text.strip());
        if (!form.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a schedule expression; write rate(5 minutes),"
                    + " cron(0 12 ? * MON-FRI *) or at(2026-12-24T18:00:00)");
        }
        String body = form.group(2).strip();
        return switch (form.group(1)) {
            case "rate" -> Rate.parse(text, body);
            case "cron" -> Cron.parse(text, body);
            default -> At.parse(text, body);
        };
    }

    /**
     * Every {@code period}, counted from the last time (EventBridge: a day is 24 hours, whatever daylight saving
     * does to the clock).
     */
    record Rate(Duration period) implements ScheduleExpression {

        private static final Pattern RATE = Pattern.compile("^([0-9]+)\\s+([a-z]+)$");

        static Rate parse(String text, String body) {
            Matcher m = RATE.matcher(body);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        text + ": write rate(<value> <unit>) with a whole value and a unit of"
                                + " minute(s), hour(s) or day(s), e.g. rate(5 minutes)");
            }
            long value;
            try {
                value = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(text + ": the value " + m.group(1) + " is too large");
            }
            if (value < 1) {
                throw new IllegalArgumentException(text + ": the value must be a positive whole number");
            }
            String unit = m.group(2);
            String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
            Duration one = switch (singular) {
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default ->
                    throw new IllegalArgumentException(text + ": the unit must be minute(s), hour(s) or day(s)"
                            + " (nothing runs more often than once a minute)");
            };
            // EventBridge's own rule, so an expression kfn accepts is one AWS accepts
            boolean plural = unit.endsWith("s");
            if (value == 1 && plural) {
                throw new IllegalArgumentException(text + ": write rate(1 " + singular + ")");
            }
            if (value > 1 && !plural) {
                throw new IllegalArgumentException(text + ": write rate(" + value + " " + singular + "s)");
            }
            return new Rate(one.multipliedBy(value));
        }

        @Override
        public Optional<Instant> nextFiring(Instant after, ZoneId zone) {
            return Optional.of(after.plus(period));
        }

        @Override
        public Optional<Instant> firstFiring(Instant now, ZoneId zone) {
            return Optional.of(now.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    /**
     * A cron expression, matched against the wall clock of the zone. A wall time the zone skips (spring forward)
     * does not fire, and one it repeats (fall back) fires once, at its first occurrence: EventBridge Scheduler's rules.
     */
    record Cron(String fields, CronExpression quartz) implements ScheduleExpression {

        private static final List<String> NAMES =
                List.of("minutes", "hours", "day-of-month", "month", "day-of-week", "year");
        /** Each field alone in an expression where every other field is neutral, so Quartz's complaint names one field. */
        private static final List<String> PROBES = List.of(
                "0 %s 0 1 * ? *",
                "0 0 %s 1 * ? *", "0 0 0 %s * ? *", "0 0 0 1 %s ? *", "0 0 0 ? * %s *", "0 0 0 1 * ? %s");
        /** Quartz's stand-in for '*': a literal 99 in a field is taken as '*' instead of refused. */
        private static final Pattern NINETY_NINE = Pattern.compile("(^|[^0-9])99([^0-9]|$)");
        /** Wall times skipped in a row before giving up: a fall-back hour of a once-a-minute cron is 60. */
        private static final int MOST_SKIPPED = 10_000;

        static Cron parse(String text, String body) {
            String[] parts = body.split("\\s+");
            if (parts.length != NAMES.size()) {
                throw new IllegalArgumentException(text + ": has " + (body.isEmpty() ? 0 : parts.length) + " fields;"
                        + " EventBridge cron has six: minutes hours day-of-month month day-of-week year,"
                        + " e.g. cron(0 12 ? * MON-FRI *)");
            }
            for (int i = 0; i < parts.length; i++) {
                String field = parts[i];
                if (i < 5 && NINETY_NINE.matcher(field).find()) {
                    throw new IllegalArgumentException(
                            text + ": " + NAMES.get(i) + " \"" + field + "\": 99 is out of range");
                }
                boolean dayField = i == 2 || i == 4;
                if (!(dayField && field.equals("?"))) {
                    probe(text, i, field);
                }
            }
            if (parts[2].equals("?") == parts[4].equals("?")) {
                throw new IllegalArgumentException(text + ": exactly one of day-of-month and day-of-week must be '?',"
                        + " e.g. cron(0 12 ? * MON-FRI *) or cron(0 12 1 * ? *)");
            }
            try {
                CronExpression quartz = new CronExpression("0 " + String.join(" ", parts));
                quartz.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
                return new Cron(String.join(" ", parts), quartz);
            } catch (ParseException e) {
                throw new IllegalArgumentException(text + ": " + e.getMessage());
            }
        }

        private static void probe(String text, int index, String field) {
            try {
                new CronExpression(PROBES.get(index).formatted(field));
            } catch (ParseException e) {
                throw new IllegalArgumentException(
                        text + ": " + NAMES.get(index) + " \"" + field + "\": " + readable(e));
            }
        }

        /** Quartz reports some malformed fields through the exception it tripped on; say what is known instead. */
        private static String readable(ParseException e) {
            String message = e.getMessage();
            return message.startsWith("Illegal cron expression format")
                    ? "not a value, range, list or step of this field"
                    : message;
        }

        @Override
        public Optional<Instant> nextFiring(Instant after, ZoneId zone) {
            // Quartz runs in UTC over wall-clock times; the zone's rules then say when (and whether) each one happens
            Date wall = Date.from(LocalDateTime.ofInstant(after, zone).toInstant(ZoneOffset.UTC));
            for (int skipped = 0; skipped < MOST_SKIPPED; skipped++) {
                wall = quartz.getTimeAfter(wall);
                if (wall == null) {
                    return Optional.empty();
                }
                LocalDateTime local = LocalDateTime.ofInstant(wall.toInstant(), ZoneOffset.UTC);
                if (zone.getRules().getValidOffsets(local).isEmpty()) {
                    continue;
                }
                // ofLocal takes the earlier offset of a repeated wall time: its first occurrence
                Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
                if (at.isAfter(after)) {
                    return Optional.of(at);
                }
            }
            return Optional.empty();
        }
    }

    /** Once, at a wall-clock time of the zone; a time the zone skips fires when the clock has jumped past it. */
    record At(LocalDateTime at) implements ScheduleExpression {

        private static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

        static At parse(String text, String body) {
            try {
                return new At(LocalDateTime.parse(body, FORMAT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(text + ": not a date and time; write at(yyyy-mm-ddThh:mm:ss),"
                        + " e.g. at(2026-12-24T18:00:00)");
            }
        }

        @Override
        public Optional<Instant> nextFiring(Instant after, ZoneId zone) {
            Instant instant = ZonedDateTime.ofLocal(at, zone, null).toInstant();
            return instant.isAfter(after) ? Optional.of(instant) : Optional.empty();
        }
    }
}
