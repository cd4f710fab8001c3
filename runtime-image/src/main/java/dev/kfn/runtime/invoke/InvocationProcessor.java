package dev.kfn.runtime.invoke;

import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.ReplyMessage;
import dev.kfn.contract.ReplyRoute;
import dev.kfn.runtime.broker.Backoff;
import dev.kfn.runtime.broker.ConfirmedPublisher;
import dev.kfn.runtime.broker.ConfirmedReplies;
import dev.kfn.runtime.broker.InvocationDelivery;
import dev.kfn.runtime.broker.UnfinishedDeliveries;
import dev.kfn.runtime.broker.Unroutable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Takes one delivered invocation to its end: runs it within its deadline, then replies (sync) or hands the outcome to
 * {@link EventEndings} (async). The delivery is acked only after that publish is confirmed, so a crash at any point
 * leaves the message to be delivered again. An event's slot waits for the confirm; a call's reply is confirmed while
 * its slot goes on, and {@link ConfirmedReplies} acks the call when the confirm comes.
 *
 * <p>A delivery that an instance held and never settled comes back from the broker; {@link UnfinishedDeliveries}
 * counts how often. Below the limit the invocation runs again (at least once); at the limit the attempt fails with
 * {@code Runtime.ExitError} without running, so an event that kills every instance it meets (OOM, {@code halt}) is
 * retried and dead-lettered like any failure instead of looping.
 *
 * <p>When the connection is lost while an invocation runs, its delivery can no longer be acked and the broker
 * delivers it again. A reply still goes out on the next connection while its caller may wait; an event's outcome
 * is left to the run of the redelivered event, so that it is not recorded twice.
 *
 * <p>Everything is published as the function's own broker identity may: replies to {@link Exchange#REPLY} keyed with
 * this function's name ({@link ReplyRoute}), a delivery published again into its own queue through
 * {@link Exchange#SELF}.
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

    private final FunctionId function;
    private final FunctionRunner runner;
    private final EventEndings events;
    private final long timeoutMillis;
    private final int maxUnfinishedDeliveries;
    private final HostMetrics metrics;
    private final InvocationLog log;
    private final ScheduledExecutorService scheduler;
    private volatile boolean warm;

    /**
     * {@code maxUnfinishedDeliveries}: how many lost deliveries fail an attempt; {@code scheduler}: where invocations that
     * could not be completed wait to be given back.
     */
    public InvocationProcessor(
            FunctionId function,
            FunctionRunner runner,
            EventEndings events,
            long timeoutMillis,
            int maxUnfinishedDeliveries,
            HostMetrics metrics,
            InvocationLog log,
            ScheduledExecutorService scheduler) {
        this.function = function;
        this.runner = runner;
        this.events = events;
        this.timeoutMillis = timeoutMillis;
        this.maxUnfinishedDeliveries = maxUnfinishedDeliveries;
        this.metrics = metrics;
        this.log = log;
        this.scheduler = scheduler;
    }

    /** {@code replies}: where a call's reply goes, which acks the call once the broker confirmed the reply. */
    public void process(InvocationDelivery delivery, int slot, ConfirmedPublisher publisher, ConfirmedReplies replies) {
        Invocation invocation = new Invocation(delivery.message(), delivery.payload());
        MDC.put("requestId", invocation.requestId());
        try {
            if (!delivery.settleable()) {
                LOG.debugf(
                        "Not starting %s: its channel closed, and the broker delivers it again",
                        invocation.requestId());
                return;
            }
            if (!finish(invocation, delivery, slot, publisher, replies)) {
                return;
            }
            if (!delivery.ack()) {
                LOG.infof(
                        "Invocation %s ended after its channel closed; the broker delivers it again",
                        invocation.requestId());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Duration delay = REQUEUE_BACKOFF.delay(delivery.unfinished().count());
            LOG.errorf(
                    e,
                    "Could not complete invocation %s; giving it back to the queue in %d ms",
                    invocation.requestId(),
                    delay.toMillis());
            requeueLater(delivery, delay);
        } finally {
            MDC.remove("requestId");
        }
    }

    /** False when the delivery is acked elsewhere: a reply's confirm acks its call ({@link ConfirmedReplies}). */
    private boolean finish(
            Invocation invocation,
            InvocationDelivery delivery,
            int slot,
            ConfirmedPublisher publisher,
            ConfirmedReplies replies)
            throws Exception {
        InvocationMessage message = invocation.message();
        boolean sync = message.kind() == InvocationKind.SYNC;
        if (delivery.problem().isPresent()) {
            return refuse(invocation, delivery, publisher, replies);
        }
        if (sync && message.callerGone(Instant.now())) {
            LOG.debugf("Caller of %s stopped waiting before it started", invocation.requestId());
            metrics.count(InvocationKind.SYNC, HostMetrics.Result.CALLER_GONE);
            return true;
        }
        if (!sync && events.expired(message)) {
            LOG.warnf(
                    "Event %s is older than the maximum event age; dead-lettering it without running",
                    invocation.requestId());
            metrics.count(InvocationKind.ASYNC, HostMetrics.Result.STALE);
            events.giveUp(invocation, DestinationRecord.EVENT_AGE_EXCEEDED, null, false, delivery, publisher);
            return true;
        }
        UnfinishedDeliveries unfinished = delivery.unfinished();
        boolean lostTooOften = unfinished.count() >= maxUnfinishedDeliveries;
        if (!lostTooOften && unfinished.needsCarrying()) {
            // a classic queue's redelivery flag could not tell a second loss from the first: the copy carries the count
            LOG.infof(
                    "Invocation %s was lost %d time(s) before; queueing it again with that count",
                    invocation.requestId(), unfinished.count());
            publisher.publish(
                    Exchange.SELF.exchangeName(),
                    delivery.queue(),
                    unfinished.carriedOn(message.encode()),
                    invocation.payload());
            return true;
        }
        Outcome outcome = lostTooOften ? lost(invocation, unfinished) : run(invocation, slot);
        // finished even when nothing ran, so no slot keeps collecting for a call that is over
        Optional<String> logTail = InvocationOutput.finish(slot).map(LogTail::base64);
        if (sync) {
            return reply(invocation, delivery, capped(outcome), logTail, publisher, replies);
        }
        if (delivery.settleable()) {
            events.ran(invocation, outcome, delivery, publisher);
        } else {
            LOG.infof(
                    "Event %s ran while its channel closed; its outcome is left to the redelivered event",
                    invocation.requestId());
        }
        return true;
    }

    /**
     * Hands an invocation that never started back to its queue by publishing it again, count unchanged, and acking it:
     * a nack would make its next delivery look like one an instance lost. A message that cannot run goes back as it is.
     */
    public void giveBack(InvocationDelivery delivery, ConfirmedPublisher publisher) {
        if (!delivery.settleable()) {
            return;
        }
        if (delivery.problem().isPresent()) {
            delivery.requeue();
            return;
        }
        try {
            publisher.publish(
                    Exchange.SELF.exchangeName(),
                    delivery.queue(),
                    delivery.unfinished().carriedOn(delivery.message().encode()),
                    delivery.payload());
            delivery.ack();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf(
                    "Could not queue %s again (%s); giving it back as it is",
                    delivery.message().requestId(), e.getMessage());
            delivery.requeue();
        }
    }

    /**
     * A call whose reply the broker did not confirm: back to the queue, with the same back-off as any failure. On a
     * lost connection the broker has given it back already.
     */
    public void replyUnconfirmed(InvocationDelivery delivery) {
        if (!delivery.settleable()) {
            return;
        }
        Duration delay = REQUEUE_BACKOFF.delay(delivery.unfinished().count());
        LOG.warnf(
                "The reply to %s was not confirmed; giving the call back to the queue in %d ms",
                delivery.message().requestId(), delay.toMillis());
        requeueLater(delivery, delay);
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
    private boolean refuse(
            Invocation invocation, InvocationDelivery delivery, ConfirmedPublisher publisher, ConfirmedReplies replies)
            throws Exception {
        InvocationMessage message = invocation.message();
        metrics.count(message.kind(), HostMetrics.Result.INVALID);
        Outcome error =
                Outcome.error(new ErrorBody(INVALID_REQUEST, delivery.problem().orElseThrow(), List.of()));
        if (message.kind() == InvocationKind.ASYNC) {
            events.giveUp(invocation, DestinationRecord.INVALID_INVOCATION, error, false, delivery, publisher);
            return true;
        }
        return reply(invocation, delivery, error, Optional.empty(), publisher, replies);
    }

    /** The attempt fails as Lambda fails an invocation whose runtime died: {@code Runtime.ExitError}. */
    private Outcome lost(Invocation invocation, UnfinishedDeliveries unfinished) {
        LOG.warnf(
                "Invocation %s was lost %d times by instances that ended or lost the broker while running it; failing the attempt",
                invocation.requestId(), unfinished.count());
        metrics.count(invocation.message().kind(), HostMetrics.Result.UNFINISHED);
        return Outcome.error(new ErrorBody(
                "Runtime.ExitError",
                String.format(
                        Locale.ROOT,
                        "RequestId: %s Error: Runtime exited before the invocation finished, %d times (the instance died or lost its broker connection)",
                        invocation.requestId(),
                        unfinished.count()),
                List.of()));
    }

    /**
     * Replies on {@code replies}, which acks the call when the reply is confirmed (false: not to be acked here). Only
     * when that cannot publish (the connection is gone) does the slot itself publish, waiting for the next connection
     * while its caller may still wait, and ack the call after (true).
     */
    private boolean reply(
            Invocation invocation,
            InvocationDelivery delivery,
            Outcome outcome,
            Optional<String> logTail,
            ConfirmedPublisher publisher,
            ConfirmedReplies replies)
            throws Exception {
        InvocationMessage call = invocation.message();
        if (call.replyTo().isEmpty()) {
            return true;
        }
        ReplyMessage answer = outcome.failed()
                ? ReplyMessage.failure(call, Instant.now())
                : ReplyMessage.success(call, Instant.now());
        ReplyMessage reply = logTail.map(answer::withLogResult).orElse(answer);
        String routingKey = ReplyRoute.routingKey(call.replyTo().get(), function);
        try {
            replies.publish(Exchange.REPLY.exchangeName(), routingKey, reply.encode(), outcome.payload(), delivery);
            return false;
        } catch (IOException e) {
            LOG.debugf(
                    "Could not reply to %s at once (%s); trying until its caller stops waiting",
                    invocation.requestId(), e.getMessage());
        }
        try {
            publisher.publishUntil(
                    Exchange.REPLY.exchangeName(), routingKey, reply.encode(), outcome.payload(), callerWaitEnds(call));
        } catch (Unroutable e) {
            LOG.debugf("Nobody waits for %s any more: %s", invocation.requestId(), e.getMessage());
        }
        return true;
    }

    /** The gateway waits for the function's timeout beyond the expiration, counted from the publish (whole seconds). */
    private Instant callerWaitEnds(InvocationMessage call) {
        return call.expiration()
                .map(startWithin ->
                        call.timestamp().plusMillis(999).plus(startWithin).plusMillis(timeoutMillis))
                .orElseGet(() -> Instant.now().plus(REPLY_PATIENCE));
    }

    private Outcome run(Invocation invocation, int slot) {
        boolean cold = !warm;
        if (cold) {
            warm = true;
            metrics.coldStart();
        }
        if (invocation.message().tailLog()) {
            InvocationOutput.begin(slot);
        }
        if (invocation.message().kind() == InvocationKind.ASYNC) {
            metrics.asyncEventStarted(Duration.between(invocation.message().enqueuedAt(), Instant.now()));
        }
        log.start(invocation.requestId(), slot);
        long start = System.nanoTime();
        metrics.started();
        Outcome outcome = runner.invoke(invocation, slot, System.currentTimeMillis() + timeoutMillis);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.end(invocation.requestId(), slot, took, cold);
        HostMetrics.Result result = outcome.timedOut()
                ? HostMetrics.Result.TIMEOUT
                : outcome.failed() ? HostMetrics.Result.ERROR : HostMetrics.Result.SUCCESS;
        metrics.finished(invocation.message().kind(), result, took);
        LOG.debugf(
                "Invocation %s ended %s in %d ms",
                invocation.requestId(), result.name().toLowerCase(Locale.ROOT), took.toMillis());
        return outcome;
    }

    private static Outcome capped(Outcome outcome) {
        if (outcome.payload().length <= MAX_RESPONSE_BYTES) {
            return outcome;
        }
        return Outcome.error(new ErrorBody(
                "Function.ResponseSizeTooLarge",
                "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).",
                List.of()));
    }
}
