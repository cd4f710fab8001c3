package dev.kfn.gateway.stream;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.StreamTopology;
import dev.kfn.contract.broker.BrokerSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;

/**
 * Puts records into a stream's partitions: each to the partition its key (or explicit hash key) hashes to
 * (Kinesis's rule), stamped with
 * its arrival and key, persistent, and confirmed by the broker before the put is answered. One channel, one put at a
 * time on it: a put's records are published together and confirmed once.
 */
@ApplicationScoped
public class StreamProducer {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final BrokerSettings broker;
    private final Set<StreamTopology> declared = new HashSet<>();
    private Connection connection;
    private Channel channel;

    public StreamProducer(Config config) {
        this.broker = BrokerSettings.fromConfig(key -> config.getOptionalValue(key, String.class));
    }

    /** The partition of each record, in order, once the broker holds them all. */
    public synchronized List<Integer> put(StreamTopology stream, List<StreamPut.Entry> records)
            throws IOException, TimeoutException, InterruptedException {
        Channel channel = channel();
        try {
            if (declared.add(stream)) {
                stream.declare(channel);
            }
            long now = Instant.now().toEpochMilli();
            List<Integer> partitions = new ArrayList<>();
            for (StreamPut.Entry record : records) {
                int partition = record.partitionIn(stream);
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .deliveryMode(2)
                        .headers(Map.of(
                                StreamTopology.PARTITION_KEY_HEADER,
                                record.partitionKey(),
                                StreamTopology.ARRIVAL_HEADER,
                                now))
                        .build();
                channel.basicPublish("", stream.partition(partition), true, properties, record.data());
                partitions.add(partition);
            }
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
            return partitions;
        } catch (IOException | TimeoutException | RuntimeException e) {
            reset();
            throw e;
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel == null || !channel.isOpen()) {
            reset();
            var factory = broker.connectionFactory();
            factory.setAutomaticRecoveryEnabled(false);
            // a connection a shutdown missed must not hold the process
            factory.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, "kfn-gateway-stream-producer-amqp");
                thread.setDaemon(true);
                return thread;
            });
            connection = factory.newConnection("kfn-gateway-stream-producer");
            channel = connection.createChannel();
            channel.confirmSelect();
        }
        return channel;
    }

    /** A failed channel is dropped whole, with what it declared: the next put starts on a new connection. */
    private void reset() {
        declared.clear();
        if (connection != null) {
            connection.abort();
        }
        connection = null;
        channel = null;
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            reset();
        }
    }
}
