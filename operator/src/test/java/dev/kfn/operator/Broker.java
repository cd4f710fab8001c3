package dev.kfn.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What tests ask of the real RabbitMQ on localhost: does a queue exist, what policy governs it. */
final class Broker implements AutoCloseable {

    private final Connection connection;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    Broker() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        connection = factory.newConnection("kfn-operator-test");
    }

    boolean queueExists(String name) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclarePassive(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Channel channel() throws IOException {
        return connection.createChannel();
    }

    /** The management API's view of a queue, if it knows the queue. */
    Optional<JsonNode> queue(String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:15672/api/queues/%2F/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Optional.of(json.readTree(response.body())) : Optional.empty();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
