package dev.kfn.local;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** Checks the broker kfn local needs before starting anything, and says how to fix what is missing. */
public final class BrokerProbe {

    private BrokerProbe() {
    }

    /** @return what is wrong and how to fix it, or empty when RabbitMQ and its management API answer */
    public static Optional<String> problem(LocalSettings settings) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.brokerHost());
        factory.setPort(settings.brokerPort());
        factory.setUsername(settings.brokerUsername());
        factory.setPassword(settings.brokerPassword());
        factory.setConnectionTimeout(2_000);
        try (Connection ignored = factory.newConnection("kfn-local-probe")) {
            // reachable
        } catch (Exception e) {
            return Optional.of("RabbitMQ does not answer on " + settings.brokerHost() + ":" + settings.brokerPort()
                + " (" + e.getMessage() + ").\nStart one, for example:\n"
                + "  sudo apt-get install rabbitmq-server && sudo rabbitmq-server -detached\n"
                + "  sudo rabbitmq-plugins enable rabbitmq_management\n"
                + "or point kfn at yours with KFN_BROKER_HOST, KFN_BROKER_PORT, KFN_BROKER_USERNAME, KFN_BROKER_PASSWORD.");
        }
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                HttpRequest.newBuilder(URI.create(settings.managementUrl() + "/api/overview"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (settings.brokerUsername() + ":" + settings.brokerPassword()).getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                return Optional.of("the RabbitMQ management API at " + settings.managementUrl() + " answered "
                    + response.statusCode() + "; check KFN_BROKER_USERNAME and KFN_BROKER_PASSWORD");
            }
        } catch (Exception e) {
            return Optional.of("the RabbitMQ management API does not answer at " + settings.managementUrl()
                + ". Enable it: sudo rabbitmq-plugins enable rabbitmq_management");
        }
        return Optional.empty();
    }
}
