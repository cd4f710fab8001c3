package dev.kfn.runtime.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.runtime.config.HostConfig;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Opens the host's one broker connection. */
public final class BrokerConnection {

    private BrokerConnection() {
    }

    /**
     * Automatic recovery is off: delivery tags of a lost channel cannot be acked on a recovered one, and
     * the broker requeues everything the lost connection held, so the host exits and is replaced instead.
     */
    public static Connection open(HostConfig config, String name) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.brokerHost());
        factory.setPort(config.brokerPort());
        factory.setVirtualHost(config.brokerVhost());
        factory.setUsername(config.brokerUsername());
        factory.setPassword(config.brokerPassword());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        return factory.newConnection(name);
    }
}
