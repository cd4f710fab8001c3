package dev.kfn.gateway.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which messages of a batch failed, by Lambda's rules for SQS: a function error fails the whole batch; without
 * {@code reportBatchItemFailures} any answer is a success; with it, only the listed {@code itemIdentifier}s fail,
 * an empty or null answer or list means all succeeded (as {@code SQSBatchResponse} reads an answer without the
 * list), and an answer that cannot be read — invalid JSON, an entry without {@code itemIdentifier}, an empty or
 * null identifier, an identifier not in the batch — fails the whole batch. Pure.
 */
public final class BatchOutcome {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchOutcome() {}

    /** The message ids that failed, in batch order. */
    public static Set<String> failed(
            List<String> batch, boolean functionError, boolean reportBatchItemFailures, byte[] answer) {
        Set<String> all = new LinkedHashSet<>(batch);
        if (functionError) {
            return all;
        }
        if (!reportBatchItemFailures || answer == null || answer.length == 0) {
            return Set.of();
        }
        JsonNode response;
        try {
            response = JSON.readTree(answer);
        } catch (IOException e) {
            return all;
        }
        if (response == null || response.isNull()) {
            return Set.of();
        }
        if (!response.isObject()) {
            return all;
        }
        JsonNode failures = response.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return all;
        }
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !all.contains(id.asText())) {
                return all;
            }
            failed.add(id.asText());
        }
        return failed;
    }
}
