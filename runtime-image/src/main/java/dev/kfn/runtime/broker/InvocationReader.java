package dev.kfn.runtime.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.InvocationMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a delivered message with the contract's decoder, after checking what the decoder trusts: numbers that are
 * numbers, ids and content types a Runtime API header and path can carry, and sizes that leave room for a retry or a
 * dead letter to carry the same fields plus an error. A message that fails a check still becomes an invocation (of
 * the queue's kind, with the ids a reply needs), marked with the problem, so that it is answered or dead-lettered with
 * its reason like any other: it never crashes the consumer, loops or occupies a slot.
 */
public final class InvocationReader {

    /** Lambda's bound on {@code X-Amz-Client-Context} (base64). */
    public static final int MAX_CLIENT_CONTEXT = 3583;

    static final int MAX_SOURCE = 1024;
    static final int MAX_TRACEPARENT = 512;
    /** Half an AMQP header frame (128 KiB): a dead letter adds the error to what the invocation carries. */
    static final int MAX_HEADERS = 64 * 1024;

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:+=@-]{1,255}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");
    private static final List<String> NUMBERS = List.of(
            InvocationHeaders.ATTEMPT, InvocationHeaders.ENQUEUED_AT, UnfinishedDeliveries.HEADER, "x-delivery-count");

    /** The invocation, why it cannot run if it cannot, and how often it was lost before. */
    public record Read(InvocationMessage message, Optional<String> problem, UnfinishedDeliveries unfinished) {}

    private InvocationReader() {}

    /** {@code queueKind}: the kind of the queue it came from, which an unreadable message is taken to be. */
    public static Read read(AMQP.BasicProperties properties, boolean redelivered, InvocationKind queueKind) {
        Optional<String> problem = problem(properties);
        if (problem.isPresent()) {
            return refused(properties, queueKind, problem.get());
        }
        try {
            InvocationMessage message = InvocationMessage.decode(properties);
            if (message.attempt() < 1) {
                return refused(
                        properties,
                        queueKind,
                        InvocationHeaders.ATTEMPT + " must be 1 or more, got " + message.attempt());
            }
            Map<String, Object> headers =
                    Optional.ofNullable(properties.getHeaders()).orElse(Map.of());
            return new Read(message, Optional.empty(), UnfinishedDeliveries.of(redelivered, headers));
        } catch (RuntimeException e) {
            return refused(properties, queueKind, "Unreadable invocation: " + e);
        }
    }

    private static Read refused(AMQP.BasicProperties properties, InvocationKind queueKind, String problem) {
        return new Read(fallback(properties, queueKind), Optional.of(problem), UnfinishedDeliveries.NONE);
    }

    private static Optional<String> problem(AMQP.BasicProperties properties) {
        Map<String, Object> headers =
                Optional.ofNullable(properties.getHeaders()).orElse(Map.of());
        int headerBytes = HeaderSize.of(headers);
        if (headerBytes > MAX_HEADERS) {
            return Optional.of("The headers take " + headerBytes + " bytes, more than " + MAX_HEADERS);
        }
        for (String name : NUMBERS) {
            Object value = headers.get(name);
            if (value != null && !isWholeNumber(value)) {
                return Optional.of(name + " must be a whole number, got " + describe(value));
            }
        }
        String messageId = properties.getMessageId();
        if (messageId != null && !REQUEST_ID.matcher(messageId).matches()) {
            return Optional.of(
                    "message_id may hold only letters, digits and . _ : + = @ -, got " + describe(messageId));
        }
        String contentType = properties.getContentType();
        if (contentType != null && !PRINTABLE.matcher(contentType).matches()) {
            return Optional.of("content_type holds characters a header cannot carry: " + describe(contentType));
        }
        return tooLong(headers, InvocationHeaders.CLIENT_CONTEXT, MAX_CLIENT_CONTEXT)
                .or(() -> tooLong(headers, InvocationHeaders.SOURCE, MAX_SOURCE))
                .or(() -> tooLong(headers, InvocationHeaders.TRACEPARENT, MAX_TRACEPARENT));
    }

    private static Optional<String> tooLong(Map<String, Object> headers, String name, int max) {
        Object value = headers.get(name);
        int length = value == null ? 0 : value.toString().length();
        return length > max ? Optional.of(name + " is " + length + " bytes long, more than " + max) : Optional.empty();
    }

    private static boolean isWholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return true;
        }
        if (value instanceof LongString || value instanceof String) {
            try {
                Long.parseLong(value.toString());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** Enough of a value to recognise it in a log or an error, never all of a huge one. */
    private static String describe(Object value) {
        String text = value instanceof byte[] bytes ? "bytes[" + bytes.length + "]" : value.toString();
        String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return value.getClass().getSimpleName() + " \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    /** What a reply or a dead letter needs, and nothing that failed a check. */
    private static InvocationMessage fallback(AMQP.BasicProperties properties, InvocationKind kind) {
        String messageId = properties.getMessageId();
        String requestId = messageId != null && REQUEST_ID.matcher(messageId).matches()
                ? messageId
                : UUID.randomUUID().toString();
        Instant timestamp = Optional.ofNullable(properties.getTimestamp())
                .map(Date::toInstant)
                .orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return new InvocationMessage(
                requestId,
                kind,
                Optional.ofNullable(properties.getCorrelationId()),
                kind == InvocationKind.SYNC ? Optional.ofNullable(properties.getReplyTo()) : Optional.empty(),
                Optional.empty(),
                timestamp,
                InvocationMessage.DEFAULT_CONTENT_TYPE,
                1,
                timestamp,
                "",
                Optional.empty(),
                Optional.empty(),
                false);
    }
}
