package dev.kfn.gateway.stream;

import dev.kfn.gateway.queue.BatchOutcome;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where a partition resumes after a batch, by Lambda's rules for Kinesis: nothing to redo after a success; the
 * batch's first record after a function error or an answer that cannot be read; with
 * {@code reportBatchItemFailures}, the lowest sequence number the answer lists. Reads answers as {@link BatchOutcome}
 * does for queues, with sequence numbers for message ids. Pure.
 */
public final class BatchRestart {

    private BatchRestart() {}

    /** The offset to restart from, empty when the whole batch succeeded. */
    public static OptionalLong from(
            List<StreamRecord> batch, boolean functionError, boolean reportBatchItemFailures, byte[] answer) {
        Set<String> failed = BatchOutcome.failed(
                batch.stream().map(StreamRecord::sequenceNumber).toList(),
                functionError,
                reportBatchItemFailures,
                answer);
        return failed.stream().mapToLong(Long::parseLong).min();
    }
}
