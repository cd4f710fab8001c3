package dev.kfn.operator;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.api.QueueNames;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Declares and removes functions' queues on the broker. Uses the plain RabbitMQ client: this is
 * administration (declare, bind, delete), not message flow, which is what the messaging connector is for.
 */
@ApplicationScoped
public class BrokerTopology {

    private static final Logger LOG = Logger.getLogger(BrokerTopology.class);

    private final ConnectionFactory factory;
    private final BrokerPolicies policies;
    private Connection connection;

    public BrokerTopology(KfnConfig config) {
        KfnConfig.Broker broker = config.broker();
        factory = BrokerConnectionFactory.of(broker);
        // a failed declare reconnects on the next reconcile; recovery in the background would only race it
        factory.setAutomaticRecoveryEnabled(false);
        policies = new BrokerPolicies(broker.managementUrl(), broker.vhost(), broker.username(), broker.password());
    }

    /**
     * Sets or removes the length policy, then declares every queue and binding; safe to repeat. The
     * policy comes first so that a new queue is never briefly unbounded.
     */
    public void apply(FunctionTopology topology) throws IOException {
        if (topology.lengthPolicy().isPresent()) {
            policies.apply(topology.policyName(), topology.lengthPolicy().get());
        } else {
            policies.delete(topology.policyName());
        }
        try (Channel channel = channel()) {
            channel.exchangeDeclare(QueueNames.INVOKE_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            channel.exchangeDeclare(QueueNames.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            for (FunctionTopology.Queue queue : topology.queues()) {
                channel.queueDeclare(queue.name(), true, false, false, queue.arguments());
                if (queue.boundTo().isPresent()) {
                    channel.queueBind(queue.name(), queue.boundTo().get(), queue.name());
                }
            }
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
    }

    /** Deletes the function's queues, with whatever they still hold, and its policy. */
    public void delete(QueueNames names) throws IOException {
        try (Channel channel = channel()) {
            for (String queue : names.all()) {
                channel.queueDelete(queue);
            }
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
        policies.delete(FunctionTopology.policyName(names));
    }

    private synchronized Channel channel() throws IOException {
        if (connection == null || !connection.isOpen()) {
            try {
                connection = factory.newConnection("kfn-operator");
            } catch (TimeoutException e) {
                throw new IOException("timed out connecting to the broker at " + factory.getHost() + ":" + factory.getPort(), e);
            }
        }
        return connection.createChannel();
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException e) {
                LOG.debugf(e, "closing the broker connection");
            }
        }
    }
}
