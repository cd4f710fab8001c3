package dev.kfn.runtime.it;

import com.rabbitmq.client.Channel;
import dev.kfn.contract.Exchange;
import dev.kfn.testsupport.TestTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain queues that receive destination records ({@code queue:<name>}, or bound to a {@code topic:<name>}), named
 * {@code <namespace>.<suffix>}. They are the user's queues, not a function's, so they are declared here rather than
 * through the contract's topology, and bound to the destination exchange by their own name. Deleted on close.
 */
public final class RecordQueues implements AutoCloseable {

    private final TestTopology topology;
    private final Channel channel;
    private final List<String> declared = new ArrayList<>();

    public RecordQueues(TestTopology topology) throws Exception {
        this.topology = topology;
        this.channel = topology.channel();
    }

    public String queue(String suffix) throws Exception {
        String name = topology.namespace + "." + suffix;
        channel.queueDeclare(name, true, false, false, null);
        // as the operator binds a queue a function names as its destination
        channel.queueBind(name, Exchange.DESTINATION.exchangeName(), name);
        declared.add(name);
        return name;
    }

    /** Binds a record queue to the topic exchange the contract declares. */
    public void subscribe(String queue, String topic) throws Exception {
        Exchange.TOPIC.declare(channel);
        channel.queueBind(queue, Exchange.TOPIC.exchangeName(), topic);
    }

    @Override
    public void close() throws Exception {
        for (String queue : declared) {
            channel.queueDelete(queue);
        }
        channel.close();
    }
}
