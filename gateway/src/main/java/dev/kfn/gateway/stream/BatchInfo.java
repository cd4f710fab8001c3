package dev.kfn.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.api.StreamSource;
import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.FunctionVersion;
import dev.kfn.contract.StreamTopology;
import java.time.Instant;
import java.util.List;

/**
 * What the on-failure destination receives when a batch is given up: Lambda's invocation record for a Kinesis
 * source, which names the records (shard, first and last sequence number) rather than carrying them, since they stay
 * in the stream until its retention drops them. Pure.
 */
public final class BatchInfo {

    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchInfo() {}

    public static byte[] of(
            List<StreamRecord> batch,
            StreamSource source,
            int partition,
            String region,
            String condition,
            int attempts,
            String requestId,
            Instant now) {
        ObjectNode record = JSON.createObjectNode();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", FunctionArn.of(region, source.function()).toString());
        request.put("condition", condition);
        request.put("approximateInvokeCount", attempts);
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", FunctionVersion.LATEST);
        response.put("functionError", "Unhandled");
        record.put("version", "1.0");
        record.put("timestamp", now.toString());
        ObjectNode info = record.putObject("KinesisBatchInfo");
        info.put("shardId", StreamTopology.shardId(partition));
        info.put("startSequenceNumber", batch.get(0).sequenceNumber());
        info.put("endSequenceNumber", batch.get(batch.size() - 1).sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", batch.get(0).arrival().toString());
        info.put(
                "approximateArrivalOfLastRecord",
                batch.get(batch.size() - 1).arrival().toString());
        info.put("batchSize", batch.size());
        info.put("streamArn", KinesisBatch.streamArn(region, source.function().namespace(), source.stream()));
        try {
            return JSON.writeValueAsBytes(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
