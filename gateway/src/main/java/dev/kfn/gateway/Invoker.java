package dev.kfn.gateway;

import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.gateway.broker.BrokerLink;
import dev.kfn.gateway.broker.BrokerSession;
import dev.kfn.gateway.broker.BrokerUnavailableException;
import dev.kfn.gateway.broker.PublishOutcome;
import dev.kfn.gateway.broker.ReceivedReply;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** Publishes invocations to a function's queues and, for synchronous calls, waits for the reply. */
@ApplicationScoped
public class Invoker {

    private static final Logger LOG = Logger.getLogger(Invoker.class);

    private final BrokerLink broker;
    private final GatewayConfig config;
    private final InvocationMetrics metrics;
    private final WakeThrottle wakes = new WakeThrottle(Duration.ofMillis(200));

    public Invoker(BrokerLink broker, GatewayConfig config, InvocationMetrics metrics) {
        this.broker = broker;
        this.config = config;
        this.metrics = metrics;
    }

    /** A finished synchronous call. */
    public record Result(String requestId, ReceivedReply reply) {}

    /** How long a caller waits for a function with this timeout: the run itself plus time to find an instance. */
    public static Duration replyWait(Duration timeout, Duration queueingAllowance) {
        return timeout.plus(queueingAllowance);
    }

    /**
     * A synchronous call as the gateway publishes it. It may wait for an instance for the queueing allowance and no
     * longer: started later, it could not finish within the caller's wait ({@link #replyWait}).
     */
    static InvocationMessage callMessage(
            String requestId,
            String correlationId,
            String replyQueue,
            Duration queueingAllowance,
            InvocationMessage.Context context,
            Instant now) {
        return InvocationMessage.sync(
                requestId, correlationId, replyQueue, queueingAllowance, InvocationMessage.GATEWAY, context, now);
    }

    public CompletableFuture<Result> invoke(
            FunctionAdmission.Admitted fn, byte[] payload, InvocationMessage.Context context) {
        BrokerSession session = session();
        String requestId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Duration wait = replyWait(fn.timeout(), config.queueingAllowance());
        CompletableFuture<ReceivedReply> reply =
                session.expectReply(correlationId, fn.function()).orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<PublishOutcome> published;
        try {
            InvocationMessage call = callMessage(
                    requestId, correlationId, session.replyQueue(), config.queueingAllowance(), context, Instant.now());
            published = session.publish(Exchange.INVOKE, fn.function().queues().sync(), call.encode(), payload);
        } catch (IOException | RuntimeException e) {
            session.forgetReply(correlationId);
            throw unavailable(e);
        }
        return confirmed(published, fn, session).thenCompose(accepted -> reply).handle((answer, failure) -> {
            if (failure == null) {
                return new Result(requestId, answer);
            }
            session.forgetReply(correlationId);
            Throwable cause = unwrap(failure);
            if (cause instanceof TimeoutException) {
                metrics.replyTimedOut(fn.function());
                throw LambdaError.replyTimeout("RequestId: " + requestId + " No reply within " + seconds(wait)
                                + " (timeout "
                                + seconds(fn.timeout()) + " + queueing allowance " + seconds(config.queueingAllowance())
                                + "): no instance took the call in time, or the instance running it was lost")
                        .exception();
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }

    /** Completes with the request id once the broker holds the event durably. */
    public CompletableFuture<String> enqueue(
            FunctionAdmission.Admitted fn, byte[] payload, InvocationMessage.Context context) {
        BrokerSession session = session();
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<PublishOutcome> published;
        try {
            InvocationMessage event =
                    InvocationMessage.event(requestId, InvocationMessage.GATEWAY, context, Instant.now());
            published = session.publish(Exchange.INVOKE, fn.function().queues().async(), event.encode(), payload);
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
        return confirmed(published, fn, session).thenApply(accepted -> requestId);
    }

    private CompletableFuture<Void> confirmed(
            CompletableFuture<PublishOutcome> published, FunctionAdmission.Admitted fn, BrokerSession session) {
        return published
                .orTimeout(config.broker().confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((outcome, failure) -> {
                    if (failure != null) {
                        Throwable cause = unwrap(failure);
                        if (cause instanceof TimeoutException) {
                            metrics.publishFailed("unconfirmed");
                            throw LambdaError.serviceUnavailable("The broker did not confirm the invocation within "
                                            + seconds(config.broker().confirmTimeout()) + "; it may or may not run")
                                    .exception();
                        }
                        throw unavailable(cause);
                    }
                    switch (outcome) {
                        case REFUSED -> {
                            metrics.publishFailed("queue_full");
                            throw LambdaError.queueFull(
                                            "Rate exceeded: the queue of function " + fn.function()
                                                    + " is at its maxQueued bound",
                                            config.retryAfterSeconds())
                                    .exception();
                        }
                        case UNROUTABLE -> {
                            metrics.publishFailed("unroutable");
                            throw LambdaError.notReady("The queues of function " + fn.function()
                                            + " are not declared yet; the operator has not" + " reconciled it")
                                    .exception();
                        }
                        default -> {
                            if (fn.noReadyInstance() && wakes.claim(fn.function(), System.nanoTime())) {
                                wake(session, fn.function());
                            }
                            return null;
                        }
                    }
                });
    }

    /** After the message is queued, so the autoscaler's exact read of the queue already counts it. */
    private void wake(BrokerSession session, FunctionId fn) {
        try {
            session.wake(fn);
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Could not wake the autoscaler for %s; its periodic read will find the message", fn);
        }
    }

    private BrokerSession session() {
        try {
            return broker.session();
        } catch (BrokerUnavailableException e) {
            throw unavailable(e);
        }
    }

    private InvokeException unavailable(Throwable cause) {
        if (cause instanceof InvokeException invoke) {
            return invoke;
        }
        metrics.publishFailed("broker_unavailable");
        return LambdaError.serviceUnavailable("The broker is unavailable (" + cause.getMessage() + "); try again")
                .exception();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.2fs", duration.toMillis() / 1000.0);
    }
}
