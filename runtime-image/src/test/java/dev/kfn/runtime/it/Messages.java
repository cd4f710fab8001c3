package dev.kfn.runtime.it;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.ReplyRoute;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Publishes invocations through the contract's encoder, as the gateway does, and reads what the host sends back. */
public final class Messages implements AutoCloseable {

    private static final String SOURCE = "test";

    private final Channel channel;
    private final String replyQueue;
    private final Map<String, GetResponse> replies = new HashMap<>();

    /** Takes the channel over; the reply queue lives as long as its connection. */
    public Messages(Channel channel) throws Exception {
        this(channel, channel.queueDeclare().getQueue());
    }

    /**
     * Replies go to {@code replyQueue}, which may outlive this channel's connection; it is bound to the reply exchange
     * as a gateway binds its own, so that every function can answer it under its own name.
     */
    public Messages(Channel channel, String replyQueue) throws Exception {
        this.channel = channel;
        this.replyQueue = replyQueue;
        channel.queueBind(replyQueue, Exchange.REPLY.exchangeName(), ReplyRoute.bindingKey(replyQueue));
        channel.confirmSelect();
    }

    /** Publishes a synchronous call; returns its request id, also used as correlation id. */
    public String call(FunctionId function, String payload, Duration callerWait) throws Exception {
        return call(function, payload, callerWait, InvocationMessage.Context.NONE);
    }

    public String call(FunctionId function, String payload, Duration callerWait, InvocationMessage.Context context)
            throws Exception {
        String requestId = UUID.randomUUID().toString();
        InvocationMessage call =
                InvocationMessage.sync(requestId, requestId, replyQueue, callerWait, SOURCE, context, Instant.now());
        publish(function.queues().sync(), call, payload);
        return requestId;
    }

    public String event(FunctionId function, String payload) throws Exception {
        return event(function, payload, Instant.now());
    }

    public String event(FunctionId function, String payload, Instant enqueuedAt) throws Exception {
        String requestId = UUID.randomUUID().toString();
        publish(
                function.queues().async(),
                InvocationMessage.event(requestId, SOURCE, InvocationMessage.Context.NONE, enqueuedAt),
                payload);
        return requestId;
    }

    /** A context carrying only a client context (base64 JSON) or a traceparent. */
    public static InvocationMessage.Context context(Optional<String> clientContext, Optional<String> traceparent) {
        return new InvocationMessage.Context(Optional.empty(), clientContext, traceparent);
    }

    private void publish(String queue, InvocationMessage message, String payload) throws Exception {
        publish(queue, message.encode(), payload);
    }

    /** Any message at all, as a publisher other than kfn's might send it. */
    public void publish(String queue, AMQP.BasicProperties properties, String payload) throws Exception {
        channel.basicPublish(
                Exchange.INVOKE.exchangeName(), queue, properties, payload.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
    }

    /** Where this fixture's calls ask for replies. */
    public String replyQueue() {
        return replyQueue;
    }

    /** Every reply waiting in the reply queue now, taken off it. */
    public List<GetResponse> drainReplies() throws Exception {
        List<GetResponse> drained = new ArrayList<>();
        for (GetResponse r = channel.basicGet(replyQueue, true); r != null; r = channel.basicGet(replyQueue, true)) {
            drained.add(r);
        }
        return drained;
    }

    /** The reply to {@code requestId}; replies to other calls are kept for their turn. */
    public GetResponse reply(String requestId, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (GetResponse r = channel.basicGet(replyQueue, true);
                    r != null;
                    r = channel.basicGet(replyQueue, true)) {
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

    private GetResponse next(String queue, Duration within, Predicate<GetResponse> wanted) {
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
