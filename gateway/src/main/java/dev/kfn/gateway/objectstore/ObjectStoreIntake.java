package dev.kfn.gateway.objectstore;

import dev.kfn.contract.Exchange;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.broker.SharedIntake;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Bucket notifications over AMQP: MinIO's and Ceph RGW's AMQP targets publish to {@link Exchange#OBJECT_STORE}
 * with the namespace as routing key; every gateway replica consumes the one queue {@value #QUEUE} bound to it
 * ({@link SharedIntake}). A notification is acked only once every invocation it produced is confirmed, and handed
 * back after a second when one could not be queued; one that is not a notification is dropped with a warning
 * (no later delivery could read it).
 */
@ApplicationScoped
public class ObjectStoreIntake {

    public static final String QUEUE = "kfn.object-store.intake";

    private static final Logger LOG = Logger.getLogger(ObjectStoreIntake.class);
    /** Notifications in flight per replica: each is a few publishes, confirmed together. */
    private static final int PREFETCH = 64;

    private static final Duration HAND_BACK_AFTER = Duration.ofSeconds(1);

    private final ObjectEventDelivery delivery;
    private final BrokerSettings broker;
    private final String region;
    private SharedIntake intake;

    public ObjectStoreIntake(ObjectEventDelivery delivery, GatewayConfig config, Config mpConfig) {
        this.delivery = delivery;
        this.region = config.region();
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        intake = SharedIntake.start(
                "kfn-gateway-object-store-intake",
                broker,
                QUEUE,
                channel -> {
                    Exchange.OBJECT_STORE.declare(channel);
                    channel.queueDeclare(QUEUE, true, false, false, Map.of());
                    channel.queueBind(QUEUE, Exchange.OBJECT_STORE.exchangeName(), "#");
                },
                PREFETCH,
                this::received);
    }

    void stop(@Observes ShutdownEvent event) {
        if (intake != null) {
            intake.stop();
        }
    }

    private void received(SharedIntake.Delivery notification) {
        String namespace = notification.routingKey();
        byte[] body = notification.body();
        List<ObjectEvent> events;
        try {
            events = BucketNotification.read(body, region);
        } catch (MalformedNotification e) {
            LOG.warnf(
                    "Dropped a notification for namespace %s that is not one: %s (it began %s)",
                    namespace, e.getMessage(), new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8));
            notification.drop();
            return;
        }
        delivery.deliver(namespace, events).whenComplete((invocations, failure) -> {
            if (failure == null) {
                notification.ack();
            } else {
                LOG.debugf(failure, "Notification for namespace %s handed back", namespace);
                notification.handBack(HAND_BACK_AFTER);
            }
        });
    }
}
