package dev.kfn.gateway.objectstore;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Bucket notifications over AMQP: MinIO's and Ceph RGW's AMQP targets publish to {@link Exchange#OBJECT_STORE}
 * with the namespace as routing key; every gateway replica consumes the one queue {@value #QUEUE} bound to it
 * (competing consumers). A notification is acked only once every invocation it produced is confirmed, and handed
 * back after a second when one could not be queued; one that is not a notification is dropped with a warning
 * (no later delivery could read it). A lost connection is made again every {@value #RETRY_SECONDS} s.
 */
@ApplicationScoped
public class ObjectStoreIntake {

    public static final String QUEUE = "kfn.object-store.intake";

    private static final Logger LOG = Logger.getLogger(ObjectStoreIntake.class);
    private static final int RETRY_SECONDS = 2;
    /** Notifications in flight per replica: each is a few publishes, confirmed together. */
    private static final int PREFETCH = 64;

    private final ObjectEventDelivery delivery;
    private final BrokerSettings broker;
    private final String region;
    private ScheduledExecutorService timer;
    // written by the intake's thread, read by the shutdown's
    private volatile Connection connection;
    private volatile Channel channel;

    public ObjectStoreIntake(ObjectEventDelivery delivery, GatewayConfig config, Config mpConfig) {
        this.delivery = delivery;
        this.region = config.region();
        this.broker = BrokerSettings.fromConfig(key -> mpConfig.getOptionalValue(key, String.class));
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kfn-object-store-intake");
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
                Thread thread = new Thread(runnable, "kfn-gateway-object-store-intake-amqp");
                thread.setDaemon(true);
                return thread;
            });
            connection = factory.newConnection("kfn-gateway-object-store-intake");
            Channel opened = connection.createChannel();
            Exchange.OBJECT_STORE.declare(opened);
            opened.queueDeclare(QUEUE, true, false, false, Map.of());
            opened.queueBind(QUEUE, Exchange.OBJECT_STORE.exchangeName(), "#");
            opened.basicQos(PREFETCH);
            opened.basicConsume(QUEUE, false, new DefaultConsumer(opened) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    received(opened, envelope, body);
                }
            });
            channel = opened;
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "Object-store notifications not consumed yet; trying again in %d s", RETRY_SECONDS);
        }
    }

    private void received(Channel from, Envelope envelope, byte[] body) {
        String namespace = envelope.getRoutingKey();
        List<ObjectEvent> events;
        try {
            events = BucketNotification.read(body, region);
        } catch (MalformedNotification e) {
            LOG.warnf(
                    "Dropped a notification for namespace %s that is not one: %s (it began %s)",
                    namespace, e.getMessage(), new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8));
            settle(from, envelope, false, false);
            return;
        }
        delivery.deliver(namespace, events).whenComplete((invocations, failure) -> {
            if (failure == null) {
                settle(from, envelope, true, false);
            } else {
                LOG.debugf(failure, "Notification for namespace %s handed back", namespace);
                timer.schedule(() -> settle(from, envelope, false, true), 1, TimeUnit.SECONDS);
            }
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
            LOG.debugf(e, "Settling a notification failed; the broker delivers it again");
        }
    }
}
