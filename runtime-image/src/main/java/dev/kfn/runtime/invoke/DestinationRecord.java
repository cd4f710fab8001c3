package dev.kfn.runtime.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.FunctionVersion;
import dev.kfn.contract.ReplyMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Lambda's invocation record for destinations: request context, request payload, response context and payload. */
public final class DestinationRecord {

    public static final String SUCCESS = "Success";
    public static final String RETRIES_EXHAUSTED = "RetriesExhausted";
    public static final String EVENT_AGE_EXCEEDED = "EventAgeExceeded";
    /** kfn's own: the message on the queue could not be read as an invocation ({@code InvocationReader}). */
    public static final String INVALID_INVOCATION = "InvalidInvocation";
    /** kfn's own: the event failed and the broker refused its retry (the retry queue is missing or full). */
    public static final String RETRY_REFUSED = "RetryRefused";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DestinationRecord() {}

    /** {@code outcome} is empty when the event never ran (too old). */
    public static byte[] of(
            Invocation invocation, FunctionArn functionArn, String condition, Outcome outcome, Instant now) {
        ObjectNode record = JSON.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", now.toString());
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", invocation.requestId());
        request.put("functionArn", functionArn.latest().toString());
        request.put("condition", condition);
        request.put(
                "approximateInvokeCount",
                outcome == null ? 0 : invocation.message().attempt());
        record.set("requestPayload", jsonOrText(invocation.payload()));
        if (outcome != null) {
            ObjectNode response = record.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", FunctionVersion.LATEST);
            if (outcome.failed()) {
                response.put("functionError", ReplyMessage.UNHANDLED);
            }
            record.set("responsePayload", jsonOrText(outcome.payload()));
        }
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode jsonOrText(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            return node == null ? JSON.nullNode() : node;
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
