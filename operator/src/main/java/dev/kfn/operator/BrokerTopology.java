package dev.kfn.operator;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
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

    public BrokerTopology(BrokerSettings settings) {
        this.management = new BrokerManagement(settings);
        this.connection = new BrokerConnection(settings, "kfn-operator", opened -> reachable.forEach(Runnable::run));
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

    /** Deletes the function's queues, with whatever they still hold, and its policy. */
    public void delete(FunctionId function) throws IOException {
        try (Channel channel = connection.connection().createChannel()) {
            FunctionTopology.delete(channel, function);
        } catch (TimeoutException e) {
            throw new IOException("timed out closing a broker channel", e);
        }
        management.deletePolicy(function.queues().policyName());
    }

    void close(@Observes ShutdownEvent event) {
        connection.close();
    }
}
