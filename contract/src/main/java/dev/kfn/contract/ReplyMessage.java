package dev.kfn.contract;

import com.rabbitmq.client.AMQP;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A runtime host's answer to a synchronous call, published to the caller's {@code reply_to} under its correlation
 * id; the body is the result, or the error JSON when {@link #functionError()} is set.
 *
 * @param logResult for a call that asked for it ({@link InvocationMessage#tailLog}): the last 4 KB of the
 *     invocation's log in base64, as Lambda's {@code X-Amz-Log-Result}
 */
public record ReplyMessage(
        String requestId,
        String correlationId,
        Optional<String> functionError,
        String executedVersion,
        Instant timestamp,
        Optional<String> logResult) {

    /** Lambda's X-Amz-Function-Error for an error the handler raised or caused. */
    public static final String UNHANDLED = "Unhandled";

    public static ReplyMessage success(InvocationMessage call, Instant now) {
        return new ReplyMessage(
                call.requestId(),
                call.correlationId().orElse(call.requestId()),
                Optional.empty(),
                FunctionVersion.LATEST,
                now.truncatedTo(ChronoUnit.SECONDS),
                Optional.empty());
    }

    public static ReplyMessage failure(InvocationMessage call, Instant now) {
        return new ReplyMessage(
                call.requestId(),
                call.correlationId().orElse(call.requestId()),
                Optional.of(UNHANDLED),
                FunctionVersion.LATEST,
                now.truncatedTo(ChronoUnit.SECONDS),
                Optional.empty());
    }

    /** The same reply carrying the invocation's log tail, already base64. */
    public ReplyMessage withLogResult(String base64) {
        return new ReplyMessage(
                requestId, correlationId, functionError, executedVersion, timestamp, Optional.of(base64));
    }

    public AMQP.BasicProperties encode() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(InvocationHeaders.EXECUTED_VERSION, executedVersion);
        logResult.ifPresent(tail -> headers.put(InvocationHeaders.LOG_RESULT, tail));
        functionError.ifPresent(error -> headers.put(InvocationHeaders.FUNCTION_ERROR, error));
        return new AMQP.BasicProperties.Builder()
                .messageId(requestId)
                .correlationId(correlationId)
                .contentType(InvocationMessage.DEFAULT_CONTENT_TYPE)
                .timestamp(Date.from(timestamp))
                .headers(headers)
                .build();
    }

    /** Empty when the message carries no correlation id: no caller could be waiting for it. */
    public static Optional<ReplyMessage> decode(AMQP.BasicProperties properties) {
        if (properties.getCorrelationId() == null) {
            return Optional.empty();
        }
        Map<String, Object> headers =
                Optional.ofNullable(properties.getHeaders()).orElse(Map.of());
        return Optional.of(new ReplyMessage(
                Optional.ofNullable(properties.getMessageId()).orElse(properties.getCorrelationId()),
                properties.getCorrelationId(),
                InvocationMessage.text(headers, InvocationHeaders.FUNCTION_ERROR),
                InvocationMessage.text(headers, InvocationHeaders.EXECUTED_VERSION)
                        .orElse(FunctionVersion.LATEST),
                Optional.ofNullable(properties.getTimestamp())
                        .map(Date::toInstant)
                        .orElse(Instant.EPOCH),
                InvocationMessage.text(headers, InvocationHeaders.LOG_RESULT)));
    }
}
