package dev.kfn.gateway.dbchange;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * What Lambda sends to a DynamoDB Streams mapping's on-failure destination when it gives a batch up: the invocation
 * record with {@code DDBStreamBatchInfo} naming the first and last sequence numbers, so the changes can be read
 * again from the table. Pure.
 */
public final class BatchInfoRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchInfoRecord() {}

    public static byte[] of(
            List<DynamodbEvent.DynamodbStreamRecord> batch,
            String functionArn,
            String slot,
            String requestId,
            int invocations,
            Instant now) {
        ObjectNode record = JSON.createObjectNode();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", functionArn);
        request.put("condition", "RetryAttemptsExhausted");
        request.put("approximateInvokeCount", invocations);
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        record.put("version", "1.0");
        record.put("timestamp", now.toString());
        ObjectNode info = record.putObject("DDBStreamBatchInfo");
        DynamodbEvent.DynamodbStreamRecord first = batch.get(0);
        DynamodbEvent.DynamodbStreamRecord last = batch.get(batch.size() - 1);
        info.put("shardId", slot);
        info.put("startSequenceNumber", first.getDynamodb().getSequenceNumber());
        info.put("endSequenceNumber", last.getDynamodb().getSequenceNumber());
        info.put("approximateArrivalOfFirstRecord", arrival(first));
        info.put("approximateArrivalOfLastRecord", arrival(last));
        info.put("batchSize", batch.size());
        info.put("streamArn", first.getEventSourceARN());
        try {
            return JSON.writeValueAsBytes(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String arrival(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb().getApproximateCreationDateTime().toInstant().toString();
    }
}
