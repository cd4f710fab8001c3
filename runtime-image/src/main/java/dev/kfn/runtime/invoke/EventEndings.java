package dev.kfn.runtime.invoke;

import com.rabbitmq.client.AMQP;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.QueueNames;
import dev.kfn.runtime.broker.ConfirmedPublisher;
import dev.kfn.runtime.broker.InvocationDelivery;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Where an asynchronous event ends once its outcome is known: an {@code onSuccess} record, a retry with its delay,
 * or the dead letters with the reason and an {@code onFailure} record. Each publish is confirmed before the caller
 * acks the event; one the broker refuses is handled by what it was for, never dropped. Retries and dead letters go
 * into the function's own queues through {@link Exchange#SELF}, records through the destination's exchange: the
 * only publishes the function's broker identity is allowed.
 */
public final class EventEndings {

    private static final Logger LOG = Logger.getLogger(EventEndings.class);

    private final FunctionInstance function;
    private final QueueNames queues;
    private final RetryPolicy retryPolicy;
    private final Optional<DestinationAddress> onSuccess;
    private final Optional<DestinationAddress> onFailure;
    private final HostMetrics metrics;

    public EventEndings(
            FunctionInstance function,
            RetryPolicy retryPolicy,
            Optional<DestinationAddress> onSuccess,
            Optional<DestinationAddress> onFailure,
            HostMetrics metrics) {
        this.function = function;
        this.queues = function.id().queues();
        this.retryPolicy = retryPolicy;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.metrics = metrics;
    }

    /** Too old to run, counted from the first publish. */
    boolean expired(InvocationMessage event) {
        return retryPolicy.expired(event.enqueuedAt(), Instant.now());
    }

    void ran(Invocation invocation, Outcome outcome, InvocationDelivery delivery, ConfirmedPublisher publisher)
            throws Exception {
        if (!outcome.failed()) {
            if (onSuccess.isPresent()) {
                sendRecord(onSuccess.get(), invocation, DestinationRecord.SUCCESS, outcome, delivery, publisher);
            }
            return;
        }
        failed(invocation, outcome, delivery, publisher);
    }

    /** Retried with its delay, or dead-lettered: also when the retry queue refuses it, since nothing else can hold it for later. */
    private void failed(
            Invocation invocation, Outcome outcome, InvocationDelivery delivery, ConfirmedPublisher publisher)
            throws Exception {
        InvocationMessage event = invocation.message();
        RetryPolicy.AfterFailure next = retryPolicy.afterFailure(event.attempt());
        if (next instanceof RetryPolicy.Retry retry) {
            LOG.infof(
                    "Attempt %d of %s failed with %s; retrying in %s",
                    event.attempt(), invocation.requestId(), outcome.errorType(), retry.delay());
            try {
                // the retry keeps request id and first-publish time, so the event age still counts from the original
                // publish
                publisher.publish(
                        Exchange.SELF.exchangeName(),
                        queues.retry(retry.failedAttempt()),
                        event.retry(retry.delay()).encode(),
                        invocation.payload());
                metrics.retried();
                return;
            } catch (IOException e) {
                if (!delivery.settleable()) {
                    throw e;
                }
                LOG.errorf(
                        "The broker refused the retry of %s (%s); dead-lettering it",
                        invocation.requestId(), e.getMessage());
                giveUp(invocation, DestinationRecord.RETRY_REFUSED, outcome, true, delivery, publisher);
                return;
            }
        }
        LOG.warnf(
                "Attempt %d of %s failed with %s; no retries left",
                event.attempt(), invocation.requestId(), outcome.errorType());
        giveUp(invocation, DestinationRecord.RETRIES_EXHAUSTED, outcome, true, delivery, publisher);
    }

    /**
     * {@code outcome}: the last run's, or why it could not run; null when there is nothing to say. A dead letter the
     * broker refuses fails the invocation, which goes back to its queue: the dead-letter queue is the last place to keep it.
     */
    void giveUp(
            Invocation invocation,
            String condition,
            Outcome outcome,
            boolean ran,
            InvocationDelivery delivery,
            ConfirmedPublisher publisher)
            throws Exception {
        if (onFailure.isPresent()) {
            sendRecord(onFailure.get(), invocation, condition, ran ? outcome : null, delivery, publisher);
        }
        AMQP.BasicProperties deadLetter = invocation
                .message()
                .encodeDeadLetter(condition, Optional.ofNullable(outcome).map(ErrorHeader::of));
        publisher.publish(Exchange.SELF.exchangeName(), queues.deadLetter(), deadLetter, invocation.payload());
        metrics.deadLettered();
    }

    /**
     * A record the broker refuses does not change what happened to the event: it is logged and counted (Lambda's
     * {@code DestinationDeliveryFailures}). Every record is {@code mandatory}: a topic's records all land in the
     * gateway's {@code TopicIntake} (whether the topic has subscribers is the gateway's to decide), so one returned
     * means that queue is missing, a failure to count rather than a record silently gone.
     */
    private void sendRecord(
            DestinationAddress destination,
            Invocation invocation,
            String condition,
            Outcome outcome,
            InvocationDelivery delivery,
            ConfirmedPublisher publisher)
            throws Exception {
        byte[] record = DestinationRecord.of(invocation, function.arn(), condition, outcome, Instant.now());
        LOG.debugf("Sending %s record of %s to %s", condition, invocation.requestId(), destination.encode());
        try {
            publisher.publish(
                    destination.exchange(),
                    destination.routingKey(),
                    recordProperties(destination, invocation),
                    record);
        } catch (IOException e) {
            if (!delivery.settleable()) {
                throw e;
            }
            metrics.destinationFailed();
            LOG.errorf(
                    "The %s record of %s could not be delivered to %s: %s",
                    condition, invocation.requestId(), destination.encode(), e.getMessage());
        }
    }

    /** A record for another function is a new event of that function; queues and topics get a plain message. */
    private AMQP.BasicProperties recordProperties(DestinationAddress destination, Invocation invocation) {
        if (destination instanceof DestinationAddress.ToFunction) {
            // the source names this function the way a destination address does: function:<ns>/<name>
            String source = new DestinationAddress.ToFunction(function.id()).encode();
            InvocationMessage.Context context = new InvocationMessage.Context(
                    Optional.empty(), Optional.empty(), invocation.message().traceparent());
            return InvocationMessage.event(UUID.randomUUID().toString(), source, context, Instant.now())
                    .encode();
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(invocation.requestId())
                .contentType(InvocationMessage.DEFAULT_CONTENT_TYPE)
                .deliveryMode(2)
                .timestamp(new Date())
                .build();
    }
}
