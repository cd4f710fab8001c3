package dev.kfn.operator.autoscaler;

import com.rabbitmq.client.Channel;
import dev.kfn.operator.BrokerConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exact ready counts by passive declare: a fraction of a millisecond per queue and current to the
 * last confirmed publish, but one round trip per queue and blind to unacknowledged messages. A
 * channel has one round trip in flight at a time, so many queues are read over several channels at once.
 * While the broker is unreachable every count is unknown, at once.
 */
public class ReadyCounts implements AutoCloseable {

    /** Below this many queues one channel is quicker than handing work to others. */
    private static final int PARALLEL_FROM = 16;

    private final BrokerConnection broker;
    private final Channel[] channels;
    private final ExecutorService readers;

    public ReadyCounts(BrokerConnection broker, int parallelism) {
        this.broker = broker;
        this.channels = new Channel[parallelism];
        this.readers = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "kfn-autoscaler-read");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The ready count of each queue; empty for a queue that could not be read. */
    public Map<String, OptionalLong> ready(List<String> queues) {
        if (queues.size() < PARALLEL_FROM) {
            return readOn(0, queues);
        }
        int lanes = channels.length;
        List<CompletableFuture<Map<String, OptionalLong>>> parts = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int from = queues.size() * lane / lanes;
            int to = queues.size() * (lane + 1) / lanes;
            int channel = lane;
            parts.add(CompletableFuture.supplyAsync(() -> readOn(channel, queues.subList(from, to)), readers));
        }
        Map<String, OptionalLong> counts = new HashMap<>();
        parts.forEach(part -> counts.putAll(part.join()));
        return counts;
    }

    private Map<String, OptionalLong> readOn(int lane, List<String> queues) {
        Map<String, OptionalLong> counts = new HashMap<>();
        for (String queue : queues) {
            counts.put(queue, readOne(lane, queue));
        }
        return counts;
    }

    /** Each lane's channel is used by one reader at a time: the lanes of one call are disjoint, and calls do not overlap. */
    private OptionalLong readOne(int lane, String queue) {
        try {
            Channel channel = channels[lane];
            if (channel == null || !channel.isOpen()) {
                // a passive declare of a missing queue closes the channel, a reconnect all of them: open a fresh one
                channel = broker.connection().createChannel();
                channels[lane] = channel;
            }
            return OptionalLong.of(channel.queueDeclarePassive(queue).getMessageCount());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
