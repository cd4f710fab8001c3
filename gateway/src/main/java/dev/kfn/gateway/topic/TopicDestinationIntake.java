package dev.kfn.gateway.topic;

import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.TopicIntake;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.broker.SharedIntake;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Functions' {@code topic:<name>} destinations: a runtime host publishes its record to {@link Exchange#TOPIC} keyed
 * {@code <namespace>.<topic>}; every gateway replica consumes the one durable queue {@link TopicIntake} bound to it
 * with {@code #} ({@link SharedIntake}) and publishes each record to its Topic through the same fan-out as the publish
 * APIs. A record is acked only once every subscriber's copy is confirmed, and handed back after
 * {@value #REDELIVER_SECONDS} s when one could not be. A record for a Topic that does not exist (the operator
 * refuses such a destination, so only a Topic deleted since) is acked with a warning, once per topic: no later
 * delivery would find a subscriber for it.
 */
@ApplicationScoped
public class TopicDestinationIntake {

    public static final String QUEUE = TopicIntake.QUEUE;

    private static final Logger LOG = Logger.getLogger(TopicDestinationIntake.class);
    private static final int REDELIVER_SECONDS = 1;
    /** Records in flight per replica: each is one publish per subscriber, confirmed together. */
    private static final int PREFETCH = 64;

    private final TopicPublisher publisher;
    private final BrokerSettings broker;
    private final Set<String> missingTopicsLogged = ConcurrentHashMap.newKeySet();
    private SharedIntake intake;

    public TopicDestinationIntake(TopicPublisher publisher, Config mpConfig) {
        this.publisher = publisher;
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        intake = SharedIntake.start(
                "kfn-gateway-topic-destination-intake", broker, QUEUE, TopicIntake::declare, PREFETCH, this::received);
    }

    void stop(@Observes ShutdownEvent event) {
        if (intake != null) {
            intake.stop();
        }
    }

    private void received(SharedIntake.Delivery delivery) {
        Optional<DestinationAddress.ToTopic> destination =
                DestinationAddress.ToTopic.ofRoutingKey(delivery.routingKey());
        if (destination.isEmpty()) {
            LOG.warnf(
                    "Dropped a record keyed %s on %s: not <namespace>.<topic>",
                    delivery.routingKey(), Exchange.TOPIC.exchangeName());
            delivery.drop();
            return;
        }
        DestinationAddress.ToTopic topic = destination.get();
        String record = new String(delivery.body(), StandardCharsets.UTF_8);
        publisher.publishRecord(topic, record).whenComplete((messageId, failure) -> {
            if (failure != null) {
                LOG.debugf(failure, "Record for topic %s/%s handed back", topic.namespace(), topic.topic());
                delivery.handBack(Duration.ofSeconds(REDELIVER_SECONDS));
                return;
            }
            if (messageId.isEmpty()) {
                if (missingTopicsLogged.add(delivery.routingKey())) {
                    LOG.warnf(
                            "A destination record for topic %s/%s was dropped: the Topic does not exist",
                            topic.namespace(), topic.topic());
                }
            } else {
                missingTopicsLogged.remove(delivery.routingKey());
            }
            delivery.ack();
        });
    }
}
