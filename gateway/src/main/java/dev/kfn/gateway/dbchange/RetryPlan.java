package dev.kfn.gateway.dbchange;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What comes after a batch of an ordered stream failed, by Lambda's rules for DynamoDB Streams and Kinesis: with
 * {@code reportBatchItemFailures} the batch resumes at the lowest sequence number returned (those before it are
 * done); a function error with {@code bisectBatchOnFunctionError} splits the batch in two, which is not a retry;
 * otherwise the same records are tried again, until {@code maximumRetryAttempts} runs out. Pure.
 */
public final class RetryPlan {

    private RetryPlan() {}

    /** @param failed the batch's failed sequence numbers, as {@code BatchOutcome} reads the answer; empty: success */
    public static int resumeAt(List<String> sequenceNumbers, Set<String> failed) {
        for (int i = 0; i < sequenceNumbers.size(); i++) {
            if (failed.contains(sequenceNumbers.get(i))) {
                return i;
            }
        }
        return sequenceNumbers.size();
    }

    /** Whether the batch is given up after {@code retries} retries; empty limit: never. */
    public static boolean exhausted(int retries, OptionalInt maximumRetryAttempts) {
        return maximumRetryAttempts.isPresent() && retries > maximumRetryAttempts.getAsInt();
    }

    /** Pause before retry {@code retry} (1-based): 100 ms doubling, at most 10 s. */
    public static long backoffMillis(int retry) {
        return Math.min(10_000L, 100L << Math.min(retry - 1, 10));
    }
}
