package dev.kfn.gateway.broker;

import com.rabbitmq.client.Connection;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * A broker connection made on first use and again once it closed, for consumers that are themselves replaced whole
 * when their channel closes (pollers, intakes): not recovered by the client, so no ack ever goes to a delivery tag of
 * a channel that is gone. Its threads are daemons, so a connection a shutdown missed does not hold the process.
 */
public final class ReplacedConnection {

    private final BrokerSettings broker;
    private final String name;
    private Connection connection;

    public ReplacedConnection(BrokerSettings broker, String name) {
        this.broker = broker;
        this.name = name;
    }

    public synchronized Connection get() throws IOException, TimeoutException {
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

    public synchronized void abort() {
        if (connection != null) {
            try {
                connection.abort();
            } finally {
                connection = null;
            }
        }
    }
}
