package dev.kfn.gateway.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.api.QueueNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Functions' queues on the real RabbitMQ, declared as the operator declares them (FunctionTopology,
 * BrokerTopology) under a namespace unique to one test class, with the {@code maxQueued} policy set through the
 * management API. Everything declared is deleted on close.
 */
public final class Topology implements AutoCloseable {

    private static final String MANAGEMENT = "http://localhost:15672/api/policies/%2F/";
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));

    public final String namespace = "gw-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Connection connection;
    private final Channel channel;
    private final List<String> queues = new ArrayList<>();
    private final List<String> policies = new ArrayList<>();

    public Topology() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        connection = factory.newConnection("kfn-gateway-test");
        channel = connection.createChannel();
        channel.exchangeDeclare(QueueNames.INVOKE_EXCHANGE, BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(QueueNames.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
    }

    public QueueNames function(String name) throws Exception {
        return declare(new QueueNames(namespace, name));
    }

    /**
     * A function whose queues hold at most {@code maxQueued}. The policy goes first: a queue declared under an
     * existing policy enforces it from its first message, while one that exists picks a new policy up a moment later.
     */
    public QueueNames function(String name, int maxQueued) throws Exception {
        QueueNames names = new QueueNames(namespace, name);
        maxQueued(names, maxQueued);
        return declare(names);
    }

    /** Publishes to a queue and waits for the broker's answer: true when it took the message. */
    public boolean publishConfirmed(String queue, byte[] body) throws Exception {
        try (Channel confirming = connection.createChannel()) {
            confirming.confirmSelect();
            confirming.basicPublish("", queue, true, new AMQP.BasicProperties(), body);
            return confirming.waitForConfirms(10_000);
        }
    }

    private QueueNames declare(QueueNames names) throws Exception {
        declare(names.deadLetter(), Map.of("x-queue-type", "quorum"), QueueNames.DEAD_LETTER_EXCHANGE);
        declare(names.sync(), Map.of("x-queue-type", "classic"), QueueNames.INVOKE_EXCHANGE);
        declare(names.async(), Map.of("x-queue-type", "quorum",
            "x-dead-letter-exchange", QueueNames.DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key", names.deadLetter()), QueueNames.INVOKE_EXCHANGE);
        for (int attempt = 1; attempt <= QueueNames.RETRY_QUEUES; attempt++) {
            declare(names.retry(attempt), Map.of("x-queue-type", "classic",
                "x-dead-letter-exchange", QueueNames.INVOKE_EXCHANGE,
                "x-dead-letter-routing-key", names.async()), null);
        }
        return names;
    }

    /** The operator's {@code maxQueued} policy: {@code max-length} with {@code reject-publish} on both invocation queues. */
    private void maxQueued(QueueNames names, int max) throws Exception {
        String policy = "kfn." + names.namespace() + "." + names.function();
        String pattern = "^" + ("kfn." + names.namespace() + "." + names.function()).replace(".", "\\\\.") + "\\\\.(sync|async)$";
        String body = "{\"pattern\":\"" + pattern + "\",\"definition\":{\"max-length\":" + max
            + ",\"overflow\":\"reject-publish\"},\"priority\":10,\"apply-to\":\"queues\"}";
        HttpResponse<String> response = http.send(policyRequest(policy).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("policy " + policy + ": " + response.statusCode() + " " + response.body());
        }
        policies.add(policy);
    }

    /** A plain queue, named {@code <namespace>.<suffix>}, for destination records. */
    public String queue(String suffix) throws Exception {
        String name = namespace + "." + suffix;
        declare(name, Map.of(), null);
        return name;
    }

    public long ready(String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    public Channel channel() {
        return channel;
    }

    private void declare(String queue, Map<String, Object> arguments, String exchange) throws IOException {
        channel.queueDeclare(queue, true, false, false, arguments);
        if (exchange != null) {
            channel.queueBind(queue, exchange, queue);
        }
        queues.add(queue);
    }

    private HttpRequest.Builder policyRequest(String name) {
        return HttpRequest.newBuilder(URI.create(MANAGEMENT + URLEncoder.encode(name, StandardCharsets.UTF_8)))
            .header("Authorization", AUTHORIZATION)
            .header("Content-Type", "application/json");
    }

    @Override
    public void close() throws Exception {
        for (String queue : queues) {
            channel.queueDelete(queue);
        }
        for (String policy : policies) {
            http.send(policyRequest(policy).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        connection.close();
    }
}
