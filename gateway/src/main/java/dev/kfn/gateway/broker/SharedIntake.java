package dev.kfn.gateway.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One durable queue every gateway replica consumes (competing consumers), on a connection of its own: the queue is
 * declared, each delivery goes to a {@link Handler} with the means to settle it, and a lost connection is made again
 * every {@value #RETRY_SECONDS} s ({@link ReplacedConnection}).
 */
public final class SharedIntake {

    private static final Logger LOG = Logger.getLogger(SharedIntake.class);
    private static final int RETRY_SECONDS = 2;

    /** Declares the queue and what feeds it. */
    @FunctionalInterface
    public interface Declaration {
        void declare(Channel channel) throws IOException;
    }

    /** Takes one delivery; settles it through {@code delivery}, at once or later, exactly once. */
    @FunctionalInterface
    public interface Handler {
        void received(Delivery delivery);
    }

    /** One delivery, and its settling. */
    public final class Delivery {

        private final Channel from;
        private final Envelope envelope;
        private final byte[] body;

        private Delivery(Channel from, Envelope envelope, byte[] body) {
            this.from = from;
            this.envelope = envelope;
            this.body = body;
        }

        public String routingKey() {
            return envelope.getRoutingKey();
        }

        public byte[] body() {
            return body;
        }

        /** Done with: every place it went has confirmed it. */
        public void ack() {
            settle(true, false);
        }

        /** Dropped for good: no later delivery could do better. */
        public void drop() {
            settle(false, false);
        }

        /** Back to the queue after {@code delay}, to be tried again. */
        public void handBack(Duration delay) {
            timer.schedule(() -> settle(false, true), delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void settle(boolean ack, boolean requeue) {
            try {
                synchronized (from) {
                    if (ack) {
                        from.basicAck(envelope.getDeliveryTag(), false);
                    } else {
                        from.basicReject(envelope.getDeliveryTag(), requeue);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debugf(e, "Settling a delivery of %s failed; the broker delivers it again", name);
            }
        }
    }

    private final String name;
    private final String queue;
    private final Declaration declaration;
    private final int prefetch;
    private final Handler handler;
    private final ScheduledExecutorService timer;
    private final ReplacedConnection connection;
    // written by the intake's thread, read by the shutdown's
    private volatile Channel channel;

    private SharedIntake(
            String name, BrokerSettings broker, String queue, Declaration declaration, int prefetch, Handler handler) {
        this.name = name;
        this.queue = queue;
        this.declaration = declaration;
        this.prefetch = prefetch;
        this.handler = handler;
        this.connection = new ReplacedConnection(broker, name);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Consumes {@code queue}, {@code prefetch} deliveries in flight, from now until {@link #stop}. */
    public static SharedIntake start(
            String name, BrokerSettings broker, String queue, Declaration declaration, int prefetch, Handler handler) {
        SharedIntake intake = new SharedIntake(name, broker, queue, declaration, prefetch, handler);
        intake.timer.scheduleWithFixedDelay(intake::consume, 0, RETRY_SECONDS, TimeUnit.SECONDS);
        return intake;
    }

    /** A connection left open would keep the process from exiting: the intake's pass ends first, then it closes. */
    public void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.abort();
    }

    /** Connects and consumes unless a channel is open already. */
    private void consume() {
        if (channel != null && channel.isOpen()) {
            return;
        }
        try {
            connection.abort();
            Channel opened = connection.get().createChannel();
            declaration.declare(opened);
            opened.basicQos(prefetch);
            opened.basicConsume(queue, false, new DefaultConsumer(opened) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    handler.received(new Delivery(opened, envelope, body));
                }
            });
            channel = opened;
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "%s not consuming %s yet; trying again in %d s", name, queue, RETRY_SECONDS);
        }
    }
}
