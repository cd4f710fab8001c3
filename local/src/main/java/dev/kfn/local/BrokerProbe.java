package dev.kfn.local;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.util.Optional;

/** Checks the broker kfn local needs before starting anything, and says how to fix what is missing. */
public final class BrokerProbe {

    private BrokerProbe() {}

    /** @return what is wrong and how to fix it, or empty when RabbitMQ and its management API answer */
    public static Optional<String> problem(BrokerSettings broker) {
        ConnectionFactory factory = broker.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection ignored = factory.newConnection("kfn-local-probe")) {
            // reachable
        } catch (Exception e) {
            return Optional.of("RabbitMQ does not answer on " + broker.host() + ":" + broker.port()
                    + " (" + e.getMessage() + ").\n./kfn local starts a local one that is installed; to install one:\n"
                    + "  Debian/Ubuntu:  sudo apt-get install -y rabbitmq-server\n"
                    + "  macOS:          brew install rabbitmq\n"
                    + "or point kfn at yours with " + BrokerSettings.HOST + ", " + BrokerSettings.PORT + ", "
                    + BrokerSettings.USERNAME + ", " + BrokerSettings.PASSWORD + ".");
        }
        try {
            new BrokerManagement(broker).overview();
        } catch (IOException e) {
            return Optional.of("the RabbitMQ management API does not answer at " + broker.managementUrl() + " ("
                    + e.getMessage()
                    + ").\nEnable it: sudo rabbitmq-plugins enable rabbitmq_management rabbitmq_consistent_hash_exchange; or set "
                    + BrokerSettings.MANAGEMENT_URL + ".");
        }
        return Optional.empty();
    }
}
