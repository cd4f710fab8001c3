package dev.kfn.contract;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The properties of an invocation message, the body being the payload bytes: the one encoder and decoder every
 * publisher (gateway, triggers, destinations, retries) and the runtime host share. docs/architecture.md lists the
 * wire form.
 *
 * @param expiration sync only: how long the message may wait for an instance before its caller stops waiting
 * @param timestamp whole seconds, as AMQP carries it
 * @param enqueuedAt the first publish, kept across retries so that the maximum event age counts from it
 * @param source who published: {@link #GATEWAY}, {@code function:<ns>/<name>}, a trigger
 * @param tailLog sync only: the caller wants the invocation's log tail with the reply ({@link ReplyMessage#logResult})
 */
public record InvocationMessage(
        String requestId,
        InvocationKind kind,
        Optional<String> correlationId,
        Optional<String> replyTo,
        Optional<Duration> expiration,
        Instant timestamp,
        String contentType,
        int attempt,
        Instant enqueuedAt,
        String source,
        Optional<String> clientContext,
        Optional<String> traceparent,
        boolean tailLog) {

    public static final String GATEWAY = "gateway";
    public static final String DEFAULT_CONTENT_TYPE = "application/json";
    /** The {@link InvocationHeaders#LOG_TYPE} value asking for the log tail. */
    public static final String TAIL = "Tail";

    private static final int TRANSIENT = 1;
    private static final int PERSISTENT = 2;

    /** What a caller passed along beside the payload; {@code tailLog}: Lambda's {@code X-Amz-Log-Type: Tail}. */
    public record Context(
            Optional<String> contentType,
            Optional<String> clientContext,
            Optional<String> traceparent,
            boolean tailLog) {

        public static final Context NONE = new Context(Optional.empty(), Optional.empty(), Optional.empty());

        public Context(Optional<String> contentType, Optional<String> clientContext, Optional<String> traceparent) {
            this(contentType, clientContext, traceparent, false);
        }
    }

    /**
     * A synchronous call: the reply goes to {@code replyTo} under {@code correlationId}. The message expires once
     * an instance starting it could no longer finish within the caller's wait, so no instance runs a call whose
     * caller has gone.
     */
    public static InvocationMessage sync(
            String requestId,
            String correlationId,
            String replyTo,
            Duration startWithin,
            String source,
            Context context,
            Instant now) {
        return new InvocationMessage(
                requestId,
                InvocationKind.SYNC,
                Optional.of(correlationId),
                Optional.of(replyTo),
                Optional.of(startWithin.toMillis() < 1 ? Duration.ofMillis(1) : startWithin),
                seconds(now),
                context.contentType().orElse(DEFAULT_CONTENT_TYPE),
                1,
                now.truncatedTo(ChronoUnit.MILLIS),
                source,
                context.clientContext(),
                context.traceparent(),
                context.tailLog());
    }

    /** An event: persistent, first attempt, enqueued now. */
    public static InvocationMessage event(String requestId, String source, Context context, Instant now) {
        return new InvocationMessage(
                requestId,
                InvocationKind.ASYNC,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                seconds(now),
                context.contentType().orElse(DEFAULT_CONTENT_TYPE),
                1,
                now.truncatedTo(ChronoUnit.MILLIS),
                source,
                context.clientContext(),
                context.traceparent(),
                false);
    }

    /** The next attempt of a failed event: same request id and first-publish time, waiting {@code delay} in a retry queue. */
    public InvocationMessage retry(Duration delay) {
        return new InvocationMessage(
                requestId,
                kind,
                correlationId,
                replyTo,
                Optional.of(delay),
                timestamp,
                contentType,
                attempt + 1,
                enqueuedAt,
                source,
                clientContext,
                traceparent,
                tailLog);
    }

    /**
     * A synchronous call whose caller stopped waiting before it could start. AMQP timestamps have whole seconds,
     * so the publish is taken at the end of its second: never skip a call someone awaits.
     */
    public boolean callerGone(Instant now) {
        return kind == InvocationKind.SYNC
                && expiration.isPresent()
                && timestamp.plusMillis(999).plus(expiration.get()).isBefore(now);
    }

    public AMQP.BasicProperties encode() {
        return builder(new HashMap<>()).build();
    }

    /** The dead-lettered form: the invocation with why it was given up and, when it ran, its last error JSON. */
    public AMQP.BasicProperties encodeDeadLetter(String reason, Optional<String> errorJson) {
        Map<String, Object> extra = new HashMap<>();
        extra.put(InvocationHeaders.DEAD_LETTER_REASON, reason);
        errorJson.ifPresent(error -> {
            extra.put(InvocationHeaders.FUNCTION_ERROR, ReplyMessage.UNHANDLED);
            extra.put(InvocationHeaders.ERROR, error);
        });
        return builder(extra).expiration(null).deliveryMode(PERSISTENT).build();
    }

    private AMQP.BasicProperties.Builder builder(Map<String, Object> headers) {
        headers.put(InvocationHeaders.INVOCATION_TYPE, kind.header());
        headers.put(InvocationHeaders.ATTEMPT, attempt);
        headers.put(InvocationHeaders.ENQUEUED_AT, enqueuedAt.toEpochMilli());
        headers.put(InvocationHeaders.SOURCE, source);
        clientContext.ifPresent(value -> headers.put(InvocationHeaders.CLIENT_CONTEXT, value));
        traceparent.ifPresent(value -> headers.put(InvocationHeaders.TRACEPARENT, value));
        if (tailLog) {
            headers.put(InvocationHeaders.LOG_TYPE, TAIL);
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(requestId)
                .correlationId(correlationId.orElse(null))
                .replyTo(replyTo.orElse(null))
                .expiration(expiration.map(d -> Long.toString(d.toMillis())).orElse(null))
                .timestamp(Date.from(timestamp))
                .contentType(contentType)
                .deliveryMode(kind == InvocationKind.SYNC ? TRANSIENT : PERSISTENT)
                .headers(headers);
    }

    /**
     * Reads a delivered invocation. Lenient where a publisher of an older kfn or a hand-written one left a
     * property out: a missing id gets one, a missing type means an event unless a reply is expected.
     */
    public static InvocationMessage decode(AMQP.BasicProperties properties) {
        Map<String, Object> headers =
                Optional.ofNullable(properties.getHeaders()).orElse(Map.of());
        Optional<String> replyTo = Optional.ofNullable(properties.getReplyTo());
        InvocationKind kind = text(headers, InvocationHeaders.INVOCATION_TYPE)
                .flatMap(InvocationKind::ofHeader)
                .orElse(replyTo.isPresent() ? InvocationKind.SYNC : InvocationKind.ASYNC);
        Instant timestamp = Optional.ofNullable(properties.getTimestamp())
                .map(Date::toInstant)
                .orElseGet(() -> seconds(Instant.now()));
        String requestId = Optional.ofNullable(properties.getMessageId())
                .or(() -> Optional.ofNullable(properties.getCorrelationId()))
                .orElseGet(() -> UUID.randomUUID().toString());
        return new InvocationMessage(
                requestId,
                kind,
                Optional.ofNullable(properties.getCorrelationId()),
                replyTo,
                Optional.ofNullable(properties.getExpiration()).map(e -> Duration.ofMillis(Long.parseLong(e))),
                timestamp,
                Optional.ofNullable(properties.getContentType()).orElse(DEFAULT_CONTENT_TYPE),
                text(headers, InvocationHeaders.ATTEMPT).map(Integer::parseInt).orElse(1),
                text(headers, InvocationHeaders.ENQUEUED_AT)
                        .map(Long::parseLong)
                        .map(Instant::ofEpochMilli)
                        .orElse(timestamp),
                text(headers, InvocationHeaders.SOURCE).orElse(""),
                text(headers, InvocationHeaders.CLIENT_CONTEXT),
                text(headers, InvocationHeaders.TRACEPARENT),
                kind == InvocationKind.SYNC
                        && text(headers, InvocationHeaders.LOG_TYPE)
                                .filter(TAIL::equals)
                                .isPresent());
    }

    static Optional<String> text(Map<String, Object> headers, String name) {
        return Optional.ofNullable(headers.get(name)).map(Object::toString);
    }

    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
