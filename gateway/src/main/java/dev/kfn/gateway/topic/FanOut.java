package dev.kfn.gateway.topic;

import com.rabbitmq.client.AMQP;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.WakeThrottle;
import dev.kfn.gateway.broker.BrokerLink;
import dev.kfn.gateway.broker.BrokerSession;
import dev.kfn.gateway.broker.BrokerUnavailableException;
import dev.kfn.gateway.broker.PublishOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Puts one copy of a published message on every subscriber's asynchronous queue, as an event, so each
 * subscription has its function's retries, dead-letter queue and destinations. The publisher is answered only
 * once the broker confirmed every copy; a gateway lost midway leaves the publisher unanswered, and its retry may
 * duplicate copies but never loses one. A subscriber whose queue is at its {@code maxQueued} bound gets its copy in
 * its dead-letter queue instead (reason {@value #QUEUE_FULL}), so one full function neither loses the message nor
 * blocks the topic's other subscribers; one whose queues the operator has not declared yet is not subscribed yet.
 */
@ApplicationScoped
public class FanOut {

    public static final String QUEUE_FULL = "QueueFull";

    private static final Logger LOG = Logger.getLogger(FanOut.class);

    private final BrokerLink broker;
    private final GatewayConfig config;
    private final WakeThrottle wakes = new WakeThrottle(Duration.ofMillis(200));

    public FanOut(BrokerLink broker, GatewayConfig config) {
        this.broker = broker;
        this.config = config;
    }

    /** Completes once every copy is confirmed; fails with a {@link TopicException} if any copy could not be. */
    public CompletableFuture<Void> deliver(SnsNotification.Published published, List<Subscriber> subscribers) {
        if (subscribers.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        BrokerSession session;
        try {
            session = broker.session();
        } catch (BrokerUnavailableException e) {
            throw unavailable(e);
        }
        String source = "topic:" + published.request().namespace() + "/"
                + published.request().topic();
        InvocationMessage.Context context = new InvocationMessage.Context(
                Optional.of(InvocationMessage.DEFAULT_CONTENT_TYPE), Optional.empty(), Optional.empty());
        List<CompletableFuture<Void>> copies = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            InvocationMessage event =
                    InvocationMessage.event(UUID.randomUUID().toString(), source, context, Instant.now());
            byte[] body = SnsNotification.event(published, subscriber.subscriptionArn(published.topic()));
            copies.add(copy(session, subscriber, event, body));
        }
        return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> copy(
            BrokerSession session, Subscriber subscriber, InvocationMessage event, byte[] body) {
        FunctionId fn = subscriber.function();
        return confirmed(publish(session, Exchange.INVOKE, fn.queues().async(), event.encode(), body))
                .thenCompose(outcome -> switch (outcome) {
                    case ACCEPTED -> {
                        wake(session, subscriber);
                        yield CompletableFuture.<Void>completedFuture(null);
                    }
                    case REFUSED ->
                        confirmed(publish(
                                        session,
                                        Exchange.DEAD_LETTER,
                                        fn.queues().deadLetter(),
                                        event.encodeDeadLetter(QUEUE_FULL, Optional.empty()),
                                        body))
                                .thenApply(parked -> {
                                    if (parked != PublishOutcome.ACCEPTED) {
                                        throw unavailable(new IOException(
                                                "neither the queue nor the dead-letter queue of " + fn + " took it"));
                                    }
                                    LOG.warnf(
                                            "Function %s is at its maxQueued bound: a topic message went to %s",
                                            fn, fn.queues().deadLetter());
                                    return null;
                                });
                    case UNROUTABLE -> {
                        LOG.debugf("Function %s has no queues yet: not subscribed yet", fn);
                        yield CompletableFuture.<Void>completedFuture(null);
                    }
                });
    }

    private CompletableFuture<PublishOutcome> confirmed(CompletableFuture<PublishOutcome> published) {
        return published
                .orTimeout(config.broker().confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    throw unavailable(failure);
                });
    }

    private static CompletableFuture<PublishOutcome> publish(
            BrokerSession session, Exchange exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        try {
            return session.publish(exchange, routingKey, properties, body);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void wake(BrokerSession session, Subscriber subscriber) {
        if (!subscriber.noReadyInstance() || !wakes.claim(subscriber.function(), System.nanoTime())) {
            return;
        }
        try {
            session.wake(subscriber.function());
        } catch (IOException | RuntimeException e) {
            LOG.debugf(
                    e,
                    "Could not wake the autoscaler for %s; its periodic read will find the message",
                    subscriber.function());
        }
    }

    private static TopicException unavailable(Throwable cause) {
        Throwable root = cause;
        while (root instanceof java.util.concurrent.CompletionException && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof TopicException topic) {
            return topic;
        }
        return TopicException.unavailable("The broker did not confirm every copy of the message ("
                + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
                + "); publish again: subscribers may get it twice, never not at all");
    }
}
