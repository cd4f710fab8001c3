package dev.kfn.gateway.topic;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.TopicIntake;
import dev.kfn.contract.broker.BrokerSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Functions' {@code topic:<name>} destinations: a runtime host publishes its record to {@link Exchange#TOPIC} keyed
 * {@code <namespace>.<topic>}; every gateway replica consumes the one durable queue {@link TopicIntake} bound to it
 * with {@code #} (competing consumers) and publishes each record to its Topic through the same fan-out as the publish
 * APIs. A record is acked only once every subscriber's copy is confirmed, and handed back after
 * {@value #REDELIVER_SECONDS} s when one could not be. A record for a Topic that does not exist (the operator
 * refuses such a destination, so only a Topic deleted since) is acked with a warning, once per topic: no later
 * delivery would find a subscriber for it. A lost connection is made again every {@value #RETRY_SECONDS} s.
 */
@ApplicationScoped
public class TopicDestinationIntake {

    public static final String QUEUE = TopicIntake.QUEUE;

    private static final Logger LOG = Logger.getLogger(TopicDestinationIntake.class);
    private static final int RETRY_SECONDS = 2;
    private static final int REDELIVER_SECONDS = 1;
    /** Records in flight per replica: each is one publish per subscriber, confirmed together. */
    private static final int PREFETCH = 64;

    private final TopicPublisher publisher;
    private final BrokerSettings broker;
    private final Set<String> missingTopicsLogged = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;
    // written by the intake's thread, read by the shutdown's
    private volatile Connection connection;
    private volatile Channel channel;

    public TopicDestinationIntake(TopicPublisher publisher, Config mpConfig) {
        this.publisher = publisher;
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kfn-topic-destination-intake");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::consume, 0, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    /** A connection left open would keep the process from exiting: the intake's pass ends first, then it closes. */
    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Connection open = connection;
        if (open != null) {
            open.abort();
        }
    }

    /** Connects and consumes unless a channel is open already. */
    private void consume() {
        if (channel != null && channel.isOpen()) {
            return;
        }
        try {
            if (connection != null) {
                connection.abort();
            }
            var factory = broker.connectionFactory();
            // replaced whole on the next pass, so no ack goes to a delivery tag of a channel that is gone
            factory.setAutomaticRecoveryEnabled(false);
            // a connection a shutdown missed must not hold the process
            factory.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, "kfn-gateway-topic-destination-intake-amqp");
                thread.setDaemon(true);
                return thread;
            });
            connection = factory.newConnection("kfn-gateway-topic-destination-intake");
            Channel opened = connection.createChannel();
            TopicIntake.declare(opened);
            opened.basicQos(PREFETCH);
            opened.basicConsume(QUEUE, false, new DefaultConsumer(opened) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    received(opened, envelope, body);
                }
            });
            channel = opened;
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "Topic destination records not consumed yet; trying again in %d s", RETRY_SECONDS);
        }
    }

    private void received(Channel from, Envelope envelope, byte[] body) {
        Optional<DestinationAddress.ToTopic> destination =
                DestinationAddress.ToTopic.ofRoutingKey(envelope.getRoutingKey());
        if (destination.isEmpty()) {
            LOG.warnf(
                    "Dropped a record keyed %s on %s: not <namespace>.<topic>",
                    envelope.getRoutingKey(), Exchange.TOPIC.exchangeName());
            settle(from, envelope, false, false);
            return;
        }
        DestinationAddress.ToTopic topic = destination.get();
        String record = new String(body, StandardCharsets.UTF_8);
        publisher.publishRecord(topic, record).whenComplete((messageId, failure) -> {
            if (failure != null) {
                LOG.debugf(failure, "Record for topic %s/%s handed back", topic.namespace(), topic.topic());
                timer.schedule(() -> settle(from, envelope, false, true), REDELIVER_SECONDS, TimeUnit.SECONDS);
                return;
            }
            if (messageId.isEmpty()) {
                if (missingTopicsLogged.add(envelope.getRoutingKey())) {
                    LOG.warnf(
                            "A destination record for topic %s/%s was dropped: the Topic does not exist",
                            topic.namespace(), topic.topic());
                }
            } else {
                missingTopicsLogged.remove(envelope.getRoutingKey());
            }
            settle(from, envelope, true, false);
        });
    }

    private static void settle(Channel from, Envelope envelope, boolean ack, boolean requeue) {
        try {
            synchronized (from) {
                if (ack) {
                    from.basicAck(envelope.getDeliveryTag(), false);
                } else {
                    from.basicReject(envelope.getDeliveryTag(), requeue);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Settling a destination record failed; the broker delivers it again");
        }
    }
}
