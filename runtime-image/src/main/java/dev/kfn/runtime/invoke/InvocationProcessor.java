package dev.kfn.runtime.invoke;

import com.rabbitmq.client.AMQP;
import dev.kfn.api.InvocationHeaders;
import dev.kfn.api.QueueNames;
import dev.kfn.runtime.broker.ConfirmedPublisher;
import dev.kfn.runtime.broker.Delivery;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes one delivered invocation to its end: runs it within its deadline, then replies (sync) or
 * records success, schedules a retry or dead-letters (async). The delivery is acked only after that
 * publish is confirmed, so a crash at any point leaves the message to be delivered again.
 */
public final class InvocationProcessor {

    /** Lambda's cap on a synchronous response. */
    public static final int MAX_RESPONSE_BYTES = 6_291_556;
    /** On a dead-lettered event: why ({@code RetriesExhausted} or {@code EventAgeExceeded}). */
    public static final String DEAD_LETTER_REASON = "kfn-dead-letter-reason";
    /** On a dead-lettered event: the last error JSON. */
    public static final String ERROR = "kfn-error";

    private static final Logger LOG = Logger.getLogger(InvocationProcessor.class);

    private final FunctionRunner runner;
    private final FunctionIdentity function;
    private final QueueNames queues;
    private final long timeoutMillis;
    private final RetryPolicy retryPolicy;
    private final Optional<DestinationAddress> onSuccess;
    private final Optional<DestinationAddress> onFailure;
    private final HostMetrics metrics;
    private volatile boolean warm;

    public InvocationProcessor(FunctionRunner runner, FunctionIdentity function, long timeoutMillis, RetryPolicy retryPolicy,
                               Optional<DestinationAddress> onSuccess, Optional<DestinationAddress> onFailure, HostMetrics metrics) {
        this.runner = runner;
        this.function = function;
        this.queues = new QueueNames(function.namespace(), function.name());
        this.timeoutMillis = timeoutMillis;
        this.retryPolicy = retryPolicy;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.metrics = metrics;
    }

    public void process(Delivery delivery, int slot, ConfirmedPublisher publisher) {
        Invocation invocation = delivery.invocation();
        MDC.put("requestId", invocation.requestId());
        try {
            if (invocation.kind() == Invocation.Kind.SYNC) {
                processSync(invocation, slot, publisher);
            } else {
                processAsync(invocation, slot, publisher);
            }
            delivery.ack();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.errorf(e, "Could not complete invocation %s; giving it back to the queue", invocation.requestId());
            delivery.requeue();
        } finally {
            MDC.remove("requestId");
        }
    }

    private void processSync(Invocation invocation, int slot, ConfirmedPublisher publisher) throws Exception {
        if (invocation.callerGone(System.currentTimeMillis())) {
            LOG.debugf("Caller of %s stopped waiting before it started", invocation.requestId());
            metrics.count(Invocation.Kind.SYNC, HostMetrics.Result.CALLER_GONE);
            return;
        }
        Outcome outcome = capped(run(invocation, slot));
        String replyTo = invocation.properties().getReplyTo();
        if (replyTo == null) {
            return;
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(InvocationHeaders.EXECUTED_VERSION, FunctionIdentity.VERSION);
        if (outcome.failed()) {
            headers.put(InvocationHeaders.FUNCTION_ERROR, "Unhandled");
        }
        AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
            .messageId(invocation.requestId())
            .correlationId(invocation.properties().getCorrelationId())
            .contentType("application/json")
            .timestamp(new Date())
            .headers(headers)
            .build();
        publisher.publish("", replyTo, reply, outcome.payload());
    }

    private void processAsync(Invocation invocation, int slot, ConfirmedPublisher publisher) throws Exception {
        if (retryPolicy.expired(invocation.enqueuedAt(), System.currentTimeMillis())) {
            LOG.warnf("Event %s is older than the maximum event age; dead-lettering it without running", invocation.requestId());
            metrics.count(Invocation.Kind.ASYNC, HostMetrics.Result.STALE);
            giveUp(invocation, null, DestinationRecord.EVENT_AGE_EXCEEDED, publisher);
            return;
        }
        Outcome outcome = run(invocation, slot);
        if (!outcome.failed()) {
            if (onSuccess.isPresent()) {
                publishRecord(onSuccess.get(), invocation, DestinationRecord.SUCCESS, outcome, publisher);
            }
            return;
        }
        RetryPolicy.AfterFailure next = retryPolicy.afterFailure(invocation.attempt());
        if (next instanceof RetryPolicy.Retry retry) {
            LOG.infof("Attempt %d of %s failed with %s; retrying in %s", invocation.attempt(), invocation.requestId(),
                outcome.errorType(), retry.delay());
            publisher.publish("", queues.retry(retry.failedAttempt()), retryProperties(invocation, retry.delay()), invocation.payload());
            metrics.retried();
        } else {
            LOG.warnf("Attempt %d of %s failed with %s; no retries left", invocation.attempt(), invocation.requestId(), outcome.errorType());
            giveUp(invocation, outcome, DestinationRecord.RETRIES_EXHAUSTED, publisher);
        }
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
        metrics.finished(invocation.kind(), result, took);
        LOG.infof("Invocation %s ended %s in %d ms", invocation.requestId(), result.name().toLowerCase(), took.toMillis());
        return outcome;
    }

    private static Outcome capped(Outcome outcome) {
        if (outcome.payload().length <= MAX_RESPONSE_BYTES) {
            return outcome;
        }
        return Outcome.error(new ErrorBody("Function.ResponseSizeTooLarge",
            "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).", java.util.List.of()));
    }

    /** The retry keeps request id and first-publish time, so the event age still counts from the original publish. */
    private AMQP.BasicProperties retryProperties(Invocation invocation, Duration delay) {
        Map<String, Object> headers = new HashMap<>(Optional.ofNullable(invocation.properties().getHeaders()).orElse(Map.of()));
        headers.put(InvocationHeaders.ATTEMPT, invocation.attempt() + 1);
        headers.put(InvocationHeaders.ENQUEUED_AT, invocation.enqueuedAt().orElse(System.currentTimeMillis()));
        return invocation.properties().builder()
            .messageId(invocation.requestId())
            .headers(headers)
            .expiration(Long.toString(delay.toMillis()))
            .deliveryMode(2)
            .build();
    }

    private void giveUp(Invocation invocation, Outcome outcome, String condition, ConfirmedPublisher publisher) throws Exception {
        if (onFailure.isPresent()) {
            publishRecord(onFailure.get(), invocation, condition, outcome, publisher);
        }
        Map<String, Object> headers = new HashMap<>(Optional.ofNullable(invocation.properties().getHeaders()).orElse(Map.of()));
        headers.put(DEAD_LETTER_REASON, condition);
        if (outcome != null) {
            headers.put(InvocationHeaders.FUNCTION_ERROR, "Unhandled");
            headers.put(ERROR, outcome.payloadText());
        }
        AMQP.BasicProperties properties = invocation.properties().builder()
            .messageId(invocation.requestId())
            .headers(headers)
            .expiration(null)
            .deliveryMode(2)
            .build();
        publisher.publish(QueueNames.DEAD_LETTER_EXCHANGE, queues.deadLetter(), properties, invocation.payload());
        metrics.deadLettered();
    }

    private void publishRecord(DestinationAddress destination, Invocation invocation, String condition, Outcome outcome,
                               ConfirmedPublisher publisher) throws Exception {
        byte[] record = DestinationRecord.of(invocation, function.arn(), condition, outcome, Instant.now());
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .timestamp(new Date());
        if (destination.invocation()) {
            long now = System.currentTimeMillis();
            properties.messageId(UUID.randomUUID().toString()).headers(Map.of(
                InvocationHeaders.INVOCATION_TYPE, InvocationHeaders.EVENT,
                InvocationHeaders.ATTEMPT, 1,
                InvocationHeaders.ENQUEUED_AT, now,
                InvocationHeaders.SOURCE, "function:" + function.namespace() + "/" + function.name()));
        } else {
            properties.messageId(invocation.requestId());
        }
        LOG.debugf("Sending %s record of %s to %s", condition, invocation.requestId(), destination);
        publisher.publish(destination.exchange(), destination.routingKey(), properties.build(), record);
    }
}
