package dev.kfn.gateway.broker;

import com.rabbitmq.client.Connection;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The one broker connection of a kind's pollers, made on first use and again once it closed; used from their
 * {@code PollerThread} only. Not recovered by the client: a poller whose channel closed is replaced whole on the next
 * pass, so no ack ever goes to a delivery tag of a channel that is gone. Its threads are daemons, so a connection a
 * shutdown missed does not hold the process.
 */
public final class PollerConnection {

    private final BrokerSettings broker;
    private final String name;
    private Connection connection;

    public PollerConnection(BrokerSettings broker, String name) {
        this.broker = broker;
        this.name = name;
    }

    public Connection get() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            abort();
            var factory = broker.connectionFactory();
            factory.setAutomaticRecoveryEnabled(false);
            factory.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, name + "-amqp");
                thread.setDaemon(true);
                return thread;
            });
            connection = factory.newConnection(name);
        }
        return connection;
    }

    public void abort() {
        if (connection != null) {
            try {
                connection.abort();
            } finally {
                connection = null;
            }
        }
    }
}
