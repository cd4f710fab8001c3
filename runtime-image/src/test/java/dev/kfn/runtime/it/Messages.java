package dev.kfn.runtime.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.InvocationHeaders;
import dev.kfn.api.QueueNames;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** Publishes invocations the way the gateway does, and reads what the host sends back. */
public final class Messages implements AutoCloseable {

    private final Channel channel;
    private final String replyQueue;
    private final Map<String, GetResponse> replies = new HashMap<>();

    public Messages(Connection connection) throws Exception {
        channel = connection.createChannel();
        channel.confirmSelect();
        replyQueue = channel.queueDeclare().getQueue();
    }

    /** Publishes a synchronous call; returns its request id, also used as correlation id. */
    public String call(QueueNames function, String payload, Duration callerWait) throws Exception {
        return call(function, payload, callerWait, Map.of());
    }

    public String call(QueueNames function, String payload, Duration callerWait, Map<String, Object> extraHeaders) throws Exception {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        headers.put(InvocationHeaders.INVOCATION_TYPE, InvocationHeaders.REQUEST_RESPONSE);
        headers.put(InvocationHeaders.SOURCE, "test");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
            .messageId(requestId).correlationId(requestId).replyTo(replyQueue)
            .timestamp(new Date()).contentType("application/json").expiration(Long.toString(callerWait.toMillis()))
            .headers(headers)
            .build();
        publish(QueueNames.INVOKE_EXCHANGE, function.sync(), properties, payload);
        return requestId;
    }

    public String event(QueueNames function, String payload) throws Exception {
        return event(function, payload, System.currentTimeMillis());
    }

    public String event(QueueNames function, String payload, long enqueuedAt) throws Exception {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new HashMap<>();
        headers.put(InvocationHeaders.INVOCATION_TYPE, InvocationHeaders.EVENT);
        headers.put(InvocationHeaders.ATTEMPT, 1);
        headers.put(InvocationHeaders.ENQUEUED_AT, enqueuedAt);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
            .messageId(requestId).timestamp(new Date(enqueuedAt)).contentType("application/json").deliveryMode(2)
            .headers(headers).build();
        publish(QueueNames.INVOKE_EXCHANGE, function.async(), properties, payload);
        return requestId;
    }

    private void publish(String exchange, String routingKey, AMQP.BasicProperties properties, String payload) throws Exception {
        channel.basicPublish(exchange, routingKey, properties, payload.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
    }

    /** The reply to {@code requestId}; replies to other calls are kept for their turn. */
    public GetResponse reply(String requestId, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (GetResponse r = channel.basicGet(replyQueue, true); r != null; r = channel.basicGet(replyQueue, true)) {
                replies.put(r.getProps().getCorrelationId(), r);
            }
            return replies.containsKey(requestId);
        });
        return replies.remove(requestId);
    }

    public GetResponse next(String queue, Duration within) {
        return next(queue, within, r -> true);
    }

    /** The next message on {@code queue} whose body contains {@code text}; others are dropped. */
    public GetResponse next(String queue, Duration within, String text) {
        return next(queue, within, r -> body(r).contains(text));
    }

    private GetResponse next(String queue, Duration within, java.util.function.Predicate<GetResponse> wanted) {
        AtomicReference<GetResponse> found = new AtomicReference<>();
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
            GetResponse response = channel.basicGet(queue, true);
            if (response != null && wanted.test(response)) {
                found.set(response);
            }
            return found.get() != null;
        });
        return found.get();
    }

    public static String body(GetResponse response) {
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    public static Object header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void close() throws Exception {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
