package dev.kfn.operator;

import com.rabbitmq.client.ConnectionFactory;

/** The operator's RabbitMQ connection settings, in one place for every connection it opens. */
public final class BrokerConnectionFactory {

    private BrokerConnectionFactory() {
    }

    public static ConnectionFactory of(KfnConfig.Broker broker) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setVirtualHost(broker.vhost());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        factory.setConnectionTimeout(5_000);
        return factory;
    }
}
