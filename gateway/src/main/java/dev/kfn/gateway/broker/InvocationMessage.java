package dev.kfn.gateway.broker;

import com.rabbitmq.client.AMQP;
import dev.kfn.api.InvocationHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The properties of an invocation message, as docs/architecture.md lists them. */
public final class InvocationMessage {

    public static final String SOURCE = "gateway";
    static final String DEFAULT_CONTENT_TYPE = "application/json";
    private static final int TRANSIENT = 1;
    private static final int PERSISTENT = 2;

    private InvocationMessage() {
    }

    /** What the caller passed along beside the payload. */
    public record Context(Optional<String> contentType, Optional<String> clientContext, Optional<String> traceparent) {
    }

    /**
     * A synchronous call: the reply goes to {@code replyTo} under {@code correlationId}. The message expires
     * once an instance starting it could no longer finish within the caller's wait (the caller waits the
     * timeout plus {@code startWithin}), so no instance runs a call whose caller has gone.
     */
    public static AMQP.BasicProperties sync(String requestId, String correlationId, String replyTo, Duration startWithin,
                                            Context context, Instant now) {
        return base(requestId, InvocationHeaders.REQUEST_RESPONSE, context, now, new HashMap<>())
            .correlationId(correlationId)
            .replyTo(replyTo)
            .expiration(Long.toString(Math.max(1, startWithin.toMillis())))
            .deliveryMode(TRANSIENT)
            .build();
    }

    /** An event: persistent, first attempt, enqueued now (its maximum age counts from here). */
    public static AMQP.BasicProperties async(String requestId, Context context, Instant now) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(InvocationHeaders.ATTEMPT, 1);
        headers.put(InvocationHeaders.ENQUEUED_AT, now.toEpochMilli());
        return base(requestId, InvocationHeaders.EVENT, context, now, headers)
            .deliveryMode(PERSISTENT)
            .build();
    }

    private static AMQP.BasicProperties.Builder base(String requestId, String type, Context context, Instant now,
                                                     Map<String, Object> headers) {
        headers.put(InvocationHeaders.INVOCATION_TYPE, type);
        headers.put(InvocationHeaders.SOURCE, SOURCE);
        context.clientContext().ifPresent(value -> headers.put(InvocationHeaders.CLIENT_CONTEXT, value));
        context.traceparent().ifPresent(value -> headers.put(InvocationHeaders.TRACEPARENT, value));
        return new AMQP.BasicProperties.Builder()
            .messageId(requestId)
            .timestamp(Date.from(now))
            .contentType(context.contentType().orElse(DEFAULT_CONTENT_TYPE))
            .headers(headers);
    }
}
