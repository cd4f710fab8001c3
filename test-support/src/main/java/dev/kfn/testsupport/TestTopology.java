package dev.kfn.testsupport;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Functions' queues on a real RabbitMQ, declared from the contract's {@link FunctionTopology} exactly as the
 * operator declares them, under a namespace unique to one test class; the {@code maxQueued} policy goes through
 * the management API first, as the operator does. Everything declared is deleted on close.
 */
public final class TestTopology implements AutoCloseable {

    public final String namespace;
    private final FunctionTopology.Options options;
    private final BrokerManagement management;
    private final Connection connection;
    private final List<FunctionTopology> declared = new ArrayList<>();

    public TestTopology(String prefix) throws Exception {
        this(prefix, BrokerSettings.defaults(), FunctionTopology.Options.DEFAULTS);
    }

    public TestTopology(String prefix, BrokerSettings broker, FunctionTopology.Options options) throws Exception {
        this.namespace = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.options = options;
        this.management = new BrokerManagement(broker);
        var factory = broker.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        this.connection = factory.newConnection("kfn-test-topology");
    }

    public FunctionId function(String name) throws Exception {
        return declare(FunctionTopology.of(new FunctionId(namespace, name), options, OptionalInt.empty()));
    }

    /** A function whose invocation queues hold at most {@code maxQueued}. */
    public FunctionId function(String name, int maxQueued) throws Exception {
        return declare(FunctionTopology.of(new FunctionId(namespace, name), options, OptionalInt.of(maxQueued)));
    }

    private FunctionId declare(FunctionTopology topology) throws Exception {
        if (topology.lengthPolicy().isPresent()) {
            management.putPolicy(
                    topology.policyName(),
                    topology.lengthPolicy().get().pattern(),
                    topology.lengthPolicy().get().definition());
        }
        try (Channel channel = connection.createChannel()) {
            topology.declare(channel);
        }
        declared.add(topology);
        return topology.function();
    }

    /** A channel on this fixture's connection, for a test to publish or read with. */
    public Channel channel() throws Exception {
        return connection.createChannel();
    }

    public long ready(String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    @Override
    public void close() throws Exception {
        try (Channel channel = connection.createChannel()) {
            for (FunctionTopology topology : declared) {
                FunctionTopology.delete(channel, topology.function());
                management.deletePolicy(topology.policyName());
            }
        } finally {
            connection.close();
        }
    }
}
