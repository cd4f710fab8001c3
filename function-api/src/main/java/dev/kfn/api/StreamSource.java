package dev.kfn.api;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A stream trigger read and checked, with Lambda's Kinesis rules: what the gateway's pollers run and the operator
 * reports on. Pure.
 */
public record StreamSource(
        FunctionId function,
        int trigger,
        String stream,
        StartingPosition startingPosition,
        Optional<Instant> startingPositionTimestamp,
        int batchSize,
        Duration batchWindow,
        int maximumRetryAttempts,
        Optional<Duration> maximumRecordAge,
        boolean bisectBatchOnFunctionError,
        int parallelizationFactor,
        boolean reportBatchItemFailures,
        Optional<String> onFailureQueue) {

    public enum StartingPosition {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    public static final int BATCH_SIZE_DEFAULT = 100;
    public static final Duration BATCH_WINDOW_MAX = Duration.ofSeconds(300);
    public static final int RETRY_ATTEMPTS_MAX = 10_000;
    public static final Duration RECORD_AGE_MIN = Duration.ofSeconds(60);
    public static final Duration RECORD_AGE_MAX = Duration.ofSeconds(604_800);

    /** {@code -1} in {@code maximumRetryAttempts}: retried until it succeeds or its records are too old. */
    public static final int FOREVER = -1;

    /** @throws IllegalArgumentException naming the field of {@code spec.triggers[index].stream} that is wrong */
    public static StreamSource read(FunctionId function, int index, StreamTrigger trigger) {
        String field = "spec.triggers[" + index + "].stream";
        String stream = trigger.getName();
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException(field + ".name: names the Stream to read");
        }
        StartingPosition position = position(field, trigger.getStartingPosition());
        Optional<Instant> timestamp = timestamp(field, trigger.getStartingPositionTimestamp());
        if ((position == StartingPosition.AT_TIMESTAMP) != timestamp.isPresent()) {
            throw new IllegalArgumentException(
                    field + ".startingPositionTimestamp: set it with AT_TIMESTAMP, and" + " only then");
        }
        int batchSize = trigger.getBatchSize() == null ? BATCH_SIZE_DEFAULT : trigger.getBatchSize();
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(field + ".batchSize: " + batchSize + " is outside 1 to 10000");
        }
        Duration window =
                duration(field + ".batchWindow", trigger.getBatchWindow()).orElse(Duration.ZERO);
        if (window.compareTo(BATCH_WINDOW_MAX) > 0) {
            throw new IllegalArgumentException(field + ".batchWindow: " + trigger.getBatchWindow() + " is over 300s");
        }
        int retries = trigger.getMaximumRetryAttempts() == null ? FOREVER : trigger.getMaximumRetryAttempts();
        if (retries < FOREVER || retries > RETRY_ATTEMPTS_MAX) {
            throw new IllegalArgumentException(
                    field + ".maximumRetryAttempts: " + retries + " is outside -1 to " + RETRY_ATTEMPTS_MAX);
        }
        Optional<Duration> age = duration(field + ".maximumRecordAge", trigger.getMaximumRecordAge());
        if (age.isPresent()
                && (age.get().compareTo(RECORD_AGE_MIN) < 0 || age.get().compareTo(RECORD_AGE_MAX) > 0)) {
            throw new IllegalArgumentException(
                    field + ".maximumRecordAge: " + trigger.getMaximumRecordAge() + " is outside 60s to 168h");
        }
        int parallelization = trigger.getParallelizationFactor() == null ? 1 : trigger.getParallelizationFactor();
        if (parallelization < 1 || parallelization > 10) {
            throw new IllegalArgumentException(
                    field + ".parallelizationFactor: " + parallelization + " is outside 1 to 10");
        }
        return new StreamSource(
                function,
                index,
                stream,
                position,
                timestamp,
                batchSize,
                window,
                retries,
                age,
                Boolean.TRUE.equals(trigger.getBisectBatchOnFunctionError()),
                parallelization,
                Boolean.TRUE.equals(trigger.getReportBatchItemFailures()),
                onFailure(function, field + ".onFailure", trigger.getOnFailure()));
    }

    /** Whether a batch that failed {@code attempts} times (the first call included) may be tried again. */
    public boolean retriesLeft(int attempts) {
        return maximumRetryAttempts == FOREVER || attempts <= maximumRetryAttempts;
    }

    /** Whether a record that arrived at {@code arrival} is too old to be tried again at {@code now}. */
    public boolean tooOld(Instant arrival, Instant now) {
        return maximumRecordAge.isPresent() && Duration.between(arrival, now).compareTo(maximumRecordAge.get()) > 0;
    }

    private static StartingPosition position(String field, String text) {
        if (text == null) {
            return StartingPosition.LATEST;
        }
        try {
            return StartingPosition.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + ".startingPosition: " + text + " is not TRIM_HORIZON, LATEST or AT_TIMESTAMP");
        }
    }

    private static Optional<Instant> timestamp(String field, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ".startingPositionTimestamp: " + text
                    + " is not an RFC 3339 time such as 2026-12-01T10:00:00Z");
        }
    }

    /** Only a queue for now: the gateway publishes the record there; it must be one of the namespace's queues. */
    private static Optional<String> onFailure(FunctionId function, String field, Destination destination) {
        if (destination == null) {
            return Optional.empty();
        }
        if (destination.getFunction() != null || destination.getTopic() != null) {
            throw new IllegalArgumentException(field + ": a stream trigger's on-failure destination is a queue");
        }
        String queue = destination.getQueue();
        String own = QueueSource.ownedPrefix(function);
        if (queue == null || !queue.startsWith(own) || queue.length() == own.length()) {
            throw new IllegalArgumentException(field + ".queue: " + queue + " is not a queue of namespace "
                    + function.namespace() + "; its queues are named " + own + "<name>");
        }
        return Optional.of(queue);
    }

    private static Optional<Duration> duration(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SpecDuration.parse(text));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }
}
