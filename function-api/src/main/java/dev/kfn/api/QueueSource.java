package dev.kfn.api;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.QueueNames;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A queue trigger read and checked, with Lambda's SQS rules: what the poller runs and the operator reports on.
 * Pure.
 */
public record QueueSource(
        FunctionId function,
        int trigger,
        String queue,
        int batchSize,
        Duration batchWindow,
        OptionalInt maximumConcurrency,
        boolean reportBatchItemFailures,
        Duration visibilityTimeout,
        OptionalInt maxReceiveCount,
        Optional<String> deadLetterQueue) {

    public static final Duration BATCH_WINDOW_MAX = Duration.ofSeconds(300);
    public static final Duration VISIBILITY_TIMEOUT_MAX = Duration.ofHours(12);
    /** Lambda: a batch of more than 10 messages needs a batching window of at least a second. */
    public static final int UNWINDOWED_BATCH_MAX = 10;

    /** @throws IllegalArgumentException naming the field of {@code spec.triggers[index].queue} that is wrong */
    public static QueueSource read(FunctionId function, int index, QueueTrigger trigger) {
        String field = "spec.triggers[" + index + "].queue";
        String queue = trigger.getName();
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException(field + ".name: name the queue to consume");
        }
        if (queue.startsWith(QueueNames.PREFIX)) {
            throw new IllegalArgumentException(field + ".name: " + queue + " is one of kfn's own queues; a queue"
                    + " trigger consumes a queue of yours (invoke a function through its async queue instead)");
        }
        requireOwn(function, field + ".name", queue);
        int batchSize = trigger.getBatchSize() == null ? 10 : trigger.getBatchSize();
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(field + ".batchSize: " + batchSize + " is outside 1 to 10000");
        }
        Duration window = duration(field + ".batchWindow", trigger.getBatchWindow(), Duration.ZERO);
        if (window.compareTo(BATCH_WINDOW_MAX) > 0) {
            throw new IllegalArgumentException(field + ".batchWindow: " + trigger.getBatchWindow() + " is over 300s");
        }
        if (batchSize > UNWINDOWED_BATCH_MAX && window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(field + ".batchWindow: a batchSize over " + UNWINDOWED_BATCH_MAX
                    + " needs a batchWindow of at least 1s, as in Lambda");
        }
        Integer concurrency = trigger.getMaximumConcurrency();
        if (concurrency != null && (concurrency < 2 || concurrency > 1000)) {
            throw new IllegalArgumentException(field + ".maximumConcurrency: " + concurrency + " is outside 2 to 1000");
        }
        Duration visibility =
                duration(field + ".visibilityTimeout", trigger.getVisibilityTimeout(), Duration.ofSeconds(30));
        if (visibility.compareTo(VISIBILITY_TIMEOUT_MAX) > 0) {
            throw new IllegalArgumentException(
                    field + ".visibilityTimeout: " + trigger.getVisibilityTimeout() + " is over 12h");
        }
        Integer receives = trigger.getMaxReceiveCount();
        String deadLetters = trigger.getDeadLetterQueue();
        if (receives != null && (receives < 1 || receives > 1000)) {
            throw new IllegalArgumentException(field + ".maxReceiveCount: " + receives + " is outside 1 to 1000");
        }
        if ((receives == null) != (deadLetters == null || deadLetters.isBlank())) {
            throw new IllegalArgumentException(field + (receives == null ? ".maxReceiveCount" : ".deadLetterQueue")
                    + ": maxReceiveCount and deadLetterQueue go together (SQS's redrive policy)");
        }
        if (deadLetters != null && deadLetters.equals(queue)) {
            throw new IllegalArgumentException(field + ".deadLetterQueue: is the queue it gives up from");
        }
        if (deadLetters != null) {
            requireOwn(function, field + ".deadLetterQueue", deadLetters);
        }
        return new QueueSource(
                function,
                index,
                queue,
                batchSize,
                window,
                concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency),
                Boolean.TRUE.equals(trigger.getReportBatchItemFailures()),
                visibility,
                receives == null ? OptionalInt.empty() : OptionalInt.of(receives),
                Optional.ofNullable(deadLetters).filter(d -> !d.isBlank()));
    }

    /** The prefix of the broker queues a namespace owns: a trigger reads, and gives up to, only those. */
    public static String ownedPrefix(FunctionId function) {
        return function.namespace() + ".";
    }

    /**
     * Broker queues belong to no namespace, so kfn gives each namespace the queues named {@code <namespace>.*}: a
     * Function may not consume, or dead-letter into, another team's queue by naming it.
     */
    private static void requireOwn(FunctionId function, String field, String queue) {
        if (!queue.startsWith(ownedPrefix(function))
                || queue.length() == ownedPrefix(function).length()) {
            throw new IllegalArgumentException(field + ": " + queue + " is not a queue of namespace "
                    + function.namespace() + "; its queues are named " + ownedPrefix(function) + "<name>");
        }
    }

    private static Duration duration(String field, String text, Duration absent) {
        if (text == null) {
            return absent;
        }
        try {
            return SpecDuration.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }
}
