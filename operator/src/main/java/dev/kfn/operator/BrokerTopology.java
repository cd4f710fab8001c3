package dev.kfn.operator;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerPermissions;
import dev.kfn.contract.broker.BrokerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * Declares and removes functions' queues on the broker, as the contract's {@link FunctionTopology} defines them.
 * Uses the plain RabbitMQ client: this is administration (declare, bind, delete), not message flow. While the
 * broker is unreachable every call fails at once, so a reconcile never waits on it.
 */
@Singleton
public class BrokerTopology {

    private final BrokerConnection connection;
    private final BrokerManagement management;
    private final List<Runnable> reachable = new CopyOnWriteArrayList<>();

    public BrokerTopology(BrokerSettings settings, MeterRegistry registry) {
        this.management = new BrokerManagement(settings);
        this.connection = new BrokerConnection(settings, "kfn-operator", opened -> reachable.forEach(Runnable::run));
        connection.meter(registry);
    }

    void start(@Observes StartupEvent event) {
        connection.start();
    }

    /** Runs each time a connection to the broker opens: at start, and after every outage. */
    public void onReachable(Runnable listener) {
        reachable.add(listener);
    }

    /**
     * Sets or removes the length policy, then declares every exchange, queue and binding; safe to repeat. The
     * policy comes first so that a new queue is never briefly unbounded.
     */
    public void apply(FunctionTopology topology) throws IOException {
        Connection open = connection.connection();
        if (topology.lengthPolicy().isPresent()) {
            FunctionTopology.LengthPolicy policy = topology.lengthPolicy().get();
            management.putPolicy(topology.policyName(), policy.pattern(), policy.definition());
        } else {
            management.deletePolicy(topology.policyName());
        }
        try (Channel channel = open.createChannel()) {
            topology.declare(channel);
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
    }

    /** Creates or updates the function's own broker user, with exactly these permissions. */
    public void applyIdentity(FunctionId function, String password, BrokerPermissions permissions) throws IOException {
        // fails at once, saying the broker is unreachable, rather than after the management API's timeout
        connection.connection();
        String user = BrokerPermissions.functionUser(function);
        management.putUser(user, password);
        management.putPermissions(user, permissions);
    }

    /** Removes the function's broker user; its open connections are closed with it. */
    public void deleteIdentity(FunctionId function) throws IOException {
        connection.connection();
        management.deleteUser(BrokerPermissions.functionUser(function));
    }

    /**
     * Binds a plain queue that a function names as its destination to {@link Exchange#DESTINATION} by its own name,
     * the only way a function's identity can publish into it. Queues of this kind are the user's: kfn never declares
     * them, so one that does not exist is reported, not made.
     *
     * @return false when there is no such queue
     */
    public boolean bindDestinationQueue(String queue) throws IOException {
        Connection open = connection.connection();
        if (messageCount(open, queue).isEmpty()) {
            return false;
        }
        try (Channel channel = open.createChannel()) {
            Exchange.DESTINATION.declare(channel);
            channel.queueBind(queue, Exchange.DESTINATION.exchangeName(), queue);
            return true;
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
    }

    /** Which of these queues exist on the broker: one passive declare each, on a channel of its own. */
    public Set<String> existing(Collection<String> queues) throws IOException {
        Connection open = connection.connection();
        Set<String> existing = new HashSet<>();
        for (String queue : queues) {
            if (messageCount(open, queue).isPresent()) {
                existing.add(queue);
            }
        }
        return existing;
    }

    /**
     * Deletes the function's queues and its policy, but keeps a dead-letter queue that holds anything: what failed
     * is the user's to read, and deleting the Function must not destroy it.
     *
     * @return the messages of the dead-letter queue kept, zero when it was empty and is gone
     */
    public long delete(FunctionId function) throws IOException {
        Connection open = connection.connection();
        QueueNames names = function.queues();
        long deadLetters = messageCount(open, names.deadLetter()).orElse(0L);
        try (Channel channel = open.createChannel()) {
            for (String queue : names.all()) {
                if (!queue.equals(names.deadLetter()) || deadLetters == 0) {
                    channel.queueDelete(queue);
                }
            }
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
        management.deletePolicy(names.policyName());
        return deadLetters;
    }

    /** The queue's ready messages, or empty when it does not exist (on a channel of its own, which that closes). */
    private static Optional<Long> messageCount(Connection open, String queue) throws IOException {
        try (Channel channel = open.createChannel()) {
            return Optional.of((long) channel.queueDeclarePassive(queue).getMessageCount());
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException closed
                    && closed.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        connection.close();
    }
}
