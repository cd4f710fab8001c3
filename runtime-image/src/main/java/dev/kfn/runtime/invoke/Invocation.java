package dev.kfn.runtime.invoke;

import com.rabbitmq.client.AMQP;
import dev.kfn.api.InvocationHeaders;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One delivered invocation message, read through the contract of {@link InvocationHeaders}. */
public record Invocation(Kind kind, long deliveryTag, AMQP.BasicProperties properties, byte[] payload) {

    public enum Kind { SYNC, ASYNC }

    public String requestId() {
        String id = properties.getMessageId();
        return id != null ? id : Optional.ofNullable(properties.getCorrelationId()).orElseGet(() -> UUID.randomUUID().toString());
    }

    public int attempt() {
        Object value = header(InvocationHeaders.ATTEMPT);
        return value == null ? 1 : Integer.parseInt(value.toString());
    }

    /** Epoch millis of the first publish, kept across retries; the message timestamp when the header is absent. */
    public Optional<Long> enqueuedAt() {
        Object value = header(InvocationHeaders.ENQUEUED_AT);
        if (value != null) {
            return Optional.of(Long.parseLong(value.toString()));
        }
        return Optional.ofNullable(properties.getTimestamp()).map(java.util.Date::getTime);
    }

    /**
     * A synchronous call whose caller stopped waiting before it could start. AMQP timestamps have
     * whole seconds, so the publish is taken at the end of its second: never skip a call someone awaits.
     */
    public boolean callerGone(long nowMillis) {
        if (properties.getExpiration() == null || properties.getTimestamp() == null) {
            return false;
        }
        return properties.getTimestamp().getTime() + 999 + Long.parseLong(properties.getExpiration()) < nowMillis;
    }

    public Optional<String> clientContext() {
        return Optional.ofNullable(header(InvocationHeaders.CLIENT_CONTEXT)).map(Object::toString);
    }

    public Optional<String> traceparent() {
        return Optional.ofNullable(header(InvocationHeaders.TRACEPARENT)).map(Object::toString);
    }

    public String contentType() {
        return properties.getContentType() != null ? properties.getContentType() : "application/json";
    }

    private Object header(String name) {
        Map<String, Object> headers = properties.getHeaders();
        return headers == null ? null : headers.get(name);
    }
}
