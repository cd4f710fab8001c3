package dev.kfn.gateway.websocket;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Return;
import dev.kfn.contract.Exchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Carries connection API calls to the replica holding the connection: every replica consumes its own exclusive queue
 * {@code kfn.connections.<replica>}, bound to {@link Exchange#CONNECTIONS} under its token, for calls and for the
 * answers to its own calls. A call is published mandatory: a replica that is gone has no queue, so the broker returns
 * the call and the answer is 410 at once; one that does not answer within the relay timeout is 410 too. The client's
 * automatic recovery redeclares the queue after a broker restart; what was in flight meanwhile times out.
 */
public final class ConnectionRelay implements ConnectionForwarder, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionRelay.class);
    private static final String OPERATION = "kfn-operation";
    private static final String CONNECTION = "kfn-connection";
    private static final String NAMESPACE = "kfn-namespace";
    private static final String STATUS = "kfn-status";
    private static final String ERROR_TYPE = "kfn-error-type";
    private static final String ANSWER = "ANSWER";

    private final LocalConnections local;
    private final Duration timeout;
    private final com.rabbitmq.client.Connection connection;
    private final Channel channel;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String connectionId, CompletableFuture<ConnectionAnswer> answer) {}

    public ConnectionRelay(ConnectionFactory factory, LocalConnections local, Duration timeout)
            throws IOException, TimeoutException {
        this.local = local;
        this.timeout = timeout;
        factory.setAutomaticRecoveryEnabled(true);
        this.connection = factory.newConnection("kfn-gateway-connections-" + local.replica());
        this.channel = connection.createChannel();
        Exchange.CONNECTIONS.declare(channel);
        String queue = queueOf(local.replica());
        channel.queueDeclare(queue, false, true, true, Map.of());
        channel.queueBind(queue, Exchange.CONNECTIONS.exchangeName(), local.replica());
        channel.addReturnListener(this::returned);
        channel.basicConsume(queue, true, (tag, delivery) -> received(delivery), tag -> {});
    }

    public static String queueOf(String replica) {
        return "kfn.connections." + replica;
    }

    /** The call served by the replica named in its connection id; never fails, a lost call is 410. */
    @Override
    public CompletableFuture<ConnectionAnswer> forward(ConnectionRequest request, String replica) {
        String correlation = UUID.randomUUID().toString();
        CompletableFuture<ConnectionAnswer> answer = new CompletableFuture<>();
        pending.put(correlation, new Pending(request.connectionId(), answer));
        Map<String, Object> headers = new HashMap<>();
        headers.put(OPERATION, request.operation().name());
        headers.put(CONNECTION, request.connectionId());
        headers.put(NAMESPACE, request.namespace());
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .correlationId(correlation)
                .replyTo(local.replica())
                .expiration(Long.toString(timeout.toMillis()))
                .headers(headers)
                .build();
        try {
            synchronized (channel) {
                channel.basicPublish(Exchange.CONNECTIONS.exchangeName(), replica, true, properties, request.data());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Relaying a connection API call to replica %s failed", replica);
            pending.remove(correlation);
            return CompletableFuture.completedFuture(ConnectionAnswer.gone(request.connectionId()));
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((done, failure) -> {
            pending.remove(correlation);
            return failure == null ? done : ConnectionAnswer.gone(request.connectionId());
        });
    }

    private void received(Delivery delivery) {
        AMQP.BasicProperties properties = delivery.getProperties();
        Map<String, Object> headers =
                Optional.ofNullable(properties.getHeaders()).orElse(Map.of());
        String operation = String.valueOf(headers.get(OPERATION));
        if (ANSWER.equals(operation)) {
            Pending waiting = pending.remove(String.valueOf(properties.getCorrelationId()));
            if (waiting != null) {
                Object type = headers.get(ERROR_TYPE);
                waiting.answer()
                        .complete(new ConnectionAnswer(
                                ((Number) headers.get(STATUS)).intValue(),
                                Optional.ofNullable(type).map(String::valueOf),
                                delivery.getBody()));
            }
            return;
        }
        ConnectionRequest request;
        try {
            request = new ConnectionRequest(
                    ConnectionRequest.Operation.valueOf(operation),
                    String.valueOf(headers.get(CONNECTION)),
                    String.valueOf(headers.get(NAMESPACE)),
                    delivery.getBody());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Dropped a connection API call of unknown operation %s", operation);
            return;
        }
        ConnectionAnswer answer = local.serve(request, Instant.now());
        Map<String, Object> answerHeaders = new HashMap<>();
        answerHeaders.put(OPERATION, ANSWER);
        answerHeaders.put(STATUS, answer.status());
        answer.errorType().ifPresent(type -> answerHeaders.put(ERROR_TYPE, type));
        AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                .correlationId(properties.getCorrelationId())
                .expiration(Long.toString(timeout.toMillis()))
                .headers(answerHeaders)
                .build();
        try {
            synchronized (channel) {
                channel.basicPublish(
                        Exchange.CONNECTIONS.exchangeName(), properties.getReplyTo(), reply, answer.body());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Answering a relayed connection API call failed; the caller will get 410");
        }
    }

    private void returned(Return returned) {
        Pending waiting = pending.remove(String.valueOf(returned.getProperties().getCorrelationId()));
        if (waiting != null) {
            waiting.answer().complete(ConnectionAnswer.gone(waiting.connectionId()));
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Closing the connection relay");
        }
    }
}
