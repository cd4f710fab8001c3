package dev.kfn.runtime.invoke;

import com.rabbitmq.client.AMQP;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.ReplyMessage;
import dev.kfn.runtime.broker.Backoff;
import dev.kfn.runtime.broker.ConfirmedPublisher;
import dev.kfn.runtime.broker.InvocationDelivery;
import dev.kfn.runtime.broker.Unroutable;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes one delivered invocation to its end: runs it within its deadline, then replies (sync) or records success,
 * schedules a retry or dead-letters (async). The delivery is acked only after that publish is confirmed, so a crash
 * at any point leaves the message to be delivered again.
 *
 * <p>When the connection is lost while an invocation runs, its delivery can no longer be acked and the broker
 * delivers it again. A reply still goes out on the next connection while its caller may wait; an event's outcome
 * is left to the run of the redelivered event, so that it is not recorded twice.
 */
public final class InvocationProcessor {

    /** Lambda's cap on a synchronous response. */
    public static final int MAX_RESPONSE_BYTES = 6_291_556;
    /** Lambda's error for an invocation request it cannot read. */
    static final String INVALID_REQUEST = "InvalidRequestContentException";
    /** How long a reply to a call without an expiration (so without a known caller wait) waits for the broker. */
    private static final Duration REPLY_PATIENCE = Duration.ofSeconds(30);
    private static final Backoff REQUEUE_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static final Logger LOG = Logger.getLogger(InvocationProcessor.class);

    private final FunctionRunner runner;
    private final FunctionInstance function;
    private final QueueNames queues;
    private final long timeoutMillis;
    private final RetryPolicy retryPolicy;
    private final Optional<DestinationAddress> onSuccess;
    private final Optional<DestinationAddress> onFailure;
    private final HostMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private volatile boolean warm;

    /** {@code scheduler}: where invocations that could not be completed wait to be given back. */
    public InvocationProcessor(FunctionRunner runner, FunctionInstance function, long timeoutMillis, RetryPolicy retryPolicy,
                               Optional<DestinationAddress> onSuccess, Optional<DestinationAddress> onFailure, HostMetrics metrics,
                               ScheduledExecutorService scheduler) {
        this.runner = runner;
        this.function = function;
        this.queues = function.id().queues();
        this.timeoutMillis = timeoutMillis;
        this.retryPolicy = retryPolicy;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.metrics = metrics;
        this.scheduler = scheduler;
    }

    public void process(InvocationDelivery delivery, int slot, ConfirmedPublisher publisher) {
        Invocation invocation = new Invocation(delivery.message(), delivery.payload());
        MDC.put("requestId", invocation.requestId());
        try {
            if (!delivery.settleable()) {
                LOG.debugf("Not starting %s: its channel closed, and the broker delivers it again", invocation.requestId());
                return;
            }
            if (delivery.problem().isPresent()) {
                refuse(invocation, delivery, publisher);
            } else if (invocation.message().kind() == InvocationKind.SYNC) {
                processSync(invocation, slot, publisher);
            } else {
                processAsync(invocation, delivery, slot, publisher);
            }
            if (!delivery.ack()) {
                LOG.infof("Invocation %s ended after its channel closed; the broker delivers it again", invocation.requestId());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Duration delay = REQUEUE_BACKOFF.delay(0);
            LOG.errorf(e, "Could not complete invocation %s; giving it back to the queue in %d ms", invocation.requestId(),
                delay.toMillis());
            requeueLater(delivery, delay);
        } finally {
            MDC.remove("requestId");
        }
    }

    /** Back to the queue after {@code delay}, so that a failure of the host's own publishes is no hot loop. */
    private void requeueLater(InvocationDelivery delivery, Duration delay) {
        try {
            scheduler.schedule(delivery::requeue, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            delivery.requeue();
        }
    }

    /** A message that cannot run: its caller gets the reason in Lambda's error shape, an event goes to the dead letters with it. */
    private void refuse(Invocation invocation, InvocationDelivery delivery, ConfirmedPublisher publisher) throws Exception {
        InvocationMessage message = invocation.message();
        metrics.count(message.kind(), HostMetrics.Result.INVALID);
        Outcome error = Outcome.error(new ErrorBody(INVALID_REQUEST, delivery.problem().orElseThrow(), List.of()));
        if (message.kind() == InvocationKind.ASYNC) {
            giveUp(invocation, DestinationRecord.INVALID_INVOCATION, error, false, publisher, delivery);
        } else if (message.replyTo().isPresent()) {
            publisher.publish("", message.replyTo().get(), ReplyMessage.failure(message, Instant.now()).encode(), error.payload());
        }
    }

    private void processSync(Invocation invocation, int slot, ConfirmedPublisher publisher) throws Exception {
        InvocationMessage call = invocation.message();
        if (call.callerGone(Instant.now())) {
            LOG.debugf("Caller of %s stopped waiting before it started", invocation.requestId());
            metrics.count(InvocationKind.SYNC, HostMetrics.Result.CALLER_GONE);
            return;
        }
        Outcome outcome = capped(run(invocation, slot));
        if (call.replyTo().isEmpty()) {
            return;
        }
        ReplyMessage reply = outcome.failed() ? ReplyMessage.failure(call, Instant.now()) : ReplyMessage.success(call, Instant.now());
        try {
            publisher.publishUntil("", call.replyTo().get(), reply.encode(), outcome.payload(), callerWaitEnds(call));
        } catch (Unroutable e) {
            LOG.debugf("Nobody waits for %s any more: %s", invocation.requestId(), e.getMessage());
        }
    }

    /** The gateway waits for the function's timeout beyond the expiration, counted from the publish (whole seconds). */
    private Instant callerWaitEnds(InvocationMessage call) {
        return call.expiration()
            .map(startWithin -> call.timestamp().plusMillis(999).plus(startWithin).plusMillis(timeoutMillis))
            .orElseGet(() -> Instant.now().plus(REPLY_PATIENCE));
    }

    private void processAsync(Invocation invocation, InvocationDelivery delivery, int slot, ConfirmedPublisher publisher)
        throws Exception {
        InvocationMessage event = invocation.message();
        if (retryPolicy.expired(event.enqueuedAt(), Instant.now())) {
            LOG.warnf("Event %s is older than the maximum event age; dead-lettering it without running", invocation.requestId());
            metrics.count(InvocationKind.ASYNC, HostMetrics.Result.STALE);
            giveUp(invocation, DestinationRecord.EVENT_AGE_EXCEEDED, null, false, publisher, delivery);
            return;
        }
        Outcome outcome = run(invocation, slot);
        if (!delivery.settleable()) {
            LOG.infof("Event %s ran while its channel closed; its outcome is left to the redelivered event", invocation.requestId());
            return;
        }
        if (!outcome.failed()) {
            if (onSuccess.isPresent()) {
                sendRecord(onSuccess.get(), invocation, DestinationRecord.SUCCESS, outcome, delivery, publisher);
            }
            return;
        }
        afterFailure(invocation, outcome, delivery, publisher);
    }

    /** Retried with its delay, or dead-lettered: also when the retry queue refuses it, since nothing else can hold it for later. */
    private void afterFailure(Invocation invocation, Outcome outcome, InvocationDelivery delivery, ConfirmedPublisher publisher)
        throws Exception {
        InvocationMessage event = invocation.message();
        RetryPolicy.AfterFailure next = retryPolicy.afterFailure(event.attempt());
        if (next instanceof RetryPolicy.Retry retry) {
            LOG.infof("Attempt %d of %s failed with %s; retrying in %s", event.attempt(), invocation.requestId(),
                outcome.errorType(), retry.delay());
            try {
                // the retry keeps request id and first-publish time, so the event age still counts from the original publish
                publisher.publish("", queues.retry(retry.failedAttempt()), event.retry(retry.delay()).encode(), invocation.payload());
                metrics.retried();
                return;
            } catch (IOException e) {
                if (!delivery.settleable()) {
                    throw e;
                }
                LOG.errorf("The broker refused the retry of %s (%s); dead-lettering it", invocation.requestId(), e.getMessage());
                giveUp(invocation, DestinationRecord.RETRY_REFUSED, outcome, true, publisher, delivery);
                return;
            }
        }
        LOG.warnf("Attempt %d of %s failed with %s; no retries left", event.attempt(), invocation.requestId(), outcome.errorType());
        giveUp(invocation, DestinationRecord.RETRIES_EXHAUSTED, outcome, true, publisher, delivery);
    }

    private Outcome run(Invocation invocation, int slot) {
        if (!warm) {
            warm = true;
            metrics.coldStart();
        }
        long start = System.nanoTime();
        metrics.started();
        Outcome outcome = runner.invoke(invocation, slot, System.currentTimeMillis() + timeoutMillis);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        HostMetrics.Result result = outcome.timedOut() ? HostMetrics.Result.TIMEOUT
            : outcome.failed() ? HostMetrics.Result.ERROR : HostMetrics.Result.SUCCESS;
        metrics.finished(invocation.message().kind(), result, took);
        LOG.infof("Invocation %s ended %s in %d ms", invocation.requestId(), result.name().toLowerCase(), took.toMillis());
        return outcome;
    }

    private static Outcome capped(Outcome outcome) {
        if (outcome.payload().length <= MAX_RESPONSE_BYTES) {
            return outcome;
        }
        return Outcome.error(new ErrorBody("Function.ResponseSizeTooLarge",
            "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).", List.of()));
    }

    /**
     * {@code outcome}: the last run's, or why it could not run; null when there is nothing to say. A dead letter the
     * broker refuses fails the invocation, which goes back to its queue: the dead-letter queue is the last place to keep it.
     */
    private void giveUp(Invocation invocation, String condition, Outcome outcome, boolean ran, ConfirmedPublisher publisher,
                        InvocationDelivery delivery) throws Exception {
        if (onFailure.isPresent()) {
            sendRecord(onFailure.get(), invocation, condition, ran ? outcome : null, delivery, publisher);
        }
        AMQP.BasicProperties deadLetter = invocation.message().encodeDeadLetter(condition, Optional.ofNullable(outcome).map(ErrorHeader::of));
        publisher.publish(Exchange.DEAD_LETTER.exchangeName(), queues.deadLetter(), deadLetter, invocation.payload());
        metrics.deadLettered();
    }

    /**
     * A record the broker refuses does not change what happened to the event: it is logged and counted (Lambda's
     * {@code DestinationDeliveryFailures}). A topic is published to without {@code mandatory}: no subscriber is no failure.
     */
    private void sendRecord(DestinationAddress destination, Invocation invocation, String condition, Outcome outcome,
                            InvocationDelivery delivery, ConfirmedPublisher publisher) throws Exception {
        byte[] record = DestinationRecord.of(invocation, function.arn(), condition, outcome, Instant.now());
        LOG.debugf("Sending %s record of %s to %s", condition, invocation.requestId(), destination.encode());
        try {
            publisher.publish(destination.exchange(), destination.routingKey(), !(destination instanceof DestinationAddress.ToTopic),
                recordProperties(destination, invocation), record);
        } catch (IOException e) {
            if (!delivery.settleable()) {
                throw e;
            }
            metrics.destinationFailed();
            LOG.errorf("The %s record of %s could not be delivered to %s: %s", condition, invocation.requestId(),
                destination.encode(), e.getMessage());
        }
    }

    /** A record for another function is a new event of that function; queues and topics get a plain message. */
    private AMQP.BasicProperties recordProperties(DestinationAddress destination, Invocation invocation) {
        if (destination instanceof DestinationAddress.ToFunction) {
            // the source names this function the way a destination address does: function:<ns>/<name>
            String source = new DestinationAddress.ToFunction(function.id()).encode();
            InvocationMessage.Context context = new InvocationMessage.Context(Optional.empty(), Optional.empty(),
                invocation.message().traceparent());
            return InvocationMessage.event(UUID.randomUUID().toString(), source, context, Instant.now()).encode();
        }
        return new AMQP.BasicProperties.Builder()
            .messageId(invocation.requestId())
            .contentType(InvocationMessage.DEFAULT_CONTENT_TYPE)
            .deliveryMode(2)
            .timestamp(new Date())
            .build();
    }
}
