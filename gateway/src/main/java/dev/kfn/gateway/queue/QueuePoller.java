package dev.kfn.gateway.queue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.api.Concurrency;
import dev.kfn.api.QueueSource;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.Invoker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One queue trigger at work: consumes the queue, forms batches (size, window, Lambda's 6 MB synchronous bound),
 * invokes the function synchronously once per batch through its own queue — so its concurrency, scaling and
 * metering are those of every other call — and settles each message by the answer: done (acked); failed and
 * delivered again after the visibility timeout with its receive count grown; or, past {@code maxReceiveCount},
 * moved to the trigger's dead-letter queue. A message is acked only after its next place holds it (publisher
 * confirms), so a crash delivers it again rather than losing it.
 */
final class QueuePoller implements AutoCloseable {

    /** Lambda's synchronous payload bound, less room for the event's own fields. */
    static final int BATCH_BYTES = 6 * 1024 * 1024 - 64 * 1024;

    static final String RECEIVE_COUNT = "kfn-receive-count";
    static final String MESSAGE_ID = "kfn-message-id";
    static final String FIRST_RECEIVED_AT = "kfn-first-received-at";
    static final String SENT_AT = "kfn-sent-at";
    static final String DEAD_LETTER_REASON = "kfn-dead-letter-reason";

    private static final Logger LOG = Logger.getLogger(QueuePoller.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final int PREFETCH_MAX = 65_535;

    private record Held(QueueMessage message, AMQP.BasicProperties properties) {}

    private final QueueSource source;
    private final Invoker invoker;
    private final FunctionCatalog catalog;
    private final String region;
    private final ScheduledExecutorService timer;
    private final Channel consuming;
    private final Channel publishing;
    private final LinkedBlockingDeque<Held> waiting = new LinkedBlockingDeque<>();
    private final ExecutorService workers;
    private final AtomicInteger target;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicBoolean failedSinceLastLook = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Object forming = new Object();
    /** This replica's part of the function's cap, as {@link PollerScaling#share} last decided it. */
    private volatile int share;

    QueuePoller(
            QueueSource source,
            Connection connection,
            Invoker invoker,
            FunctionCatalog catalog,
            String region,
            ScheduledExecutorService timer)
            throws IOException {
        this.source = source;
        this.invoker = invoker;
        this.catalog = catalog;
        this.region = region;
        this.timer = timer;
        this.share = source.maximumConcurrency().orElse(PollerScaling.MAX);
        this.target = new AtomicInteger(PollerScaling.start(share));
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "kfn-queue-" + source.function() + "-" + source.trigger());
            thread.setDaemon(true);
            return thread;
        });
        this.publishing = connection.createChannel();
        publishing.confirmSelect();
        // fails with NOT_FOUND when a queue is missing: the poller does not start until both exist
        int others = publishing.queueDeclarePassive(source.queue()).getConsumerCount();
        this.share = PollerScaling.share(functionCap(), others + 1);
        this.target.set(PollerScaling.start(share));
        if (source.deadLetterQueue().isPresent()) {
            publishing.queueDeclarePassive(source.deadLetterQueue().get());
        }
        this.consuming = connection.createChannel();
        consuming.basicQos((int) Math.min(PREFETCH_MAX, (long) source.batchSize() * share));
        consuming.basicConsume(source.queue(), false, new DefaultConsumer(consuming) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                waiting.add(new Held(received(envelope, properties, body, System.currentTimeMillis()), properties));
            }

            /** The broker cancels the consumer of a deleted queue. */
            @Override
            public void handleCancel(String tag) {
                cancelled.set(true);
            }
        });
        for (int i = 0; i < target.get(); i++) {
            startWorker();
        }
    }

    QueueSource source() {
        return source;
    }

    /** False once a channel closed (broker gone, queue deleted, consumer cancelled): the poller is then replaced. */
    boolean alive() {
        return consuming.isOpen() && publishing.isOpen() && !cancelled.get();
    }

    /**
     * Once a second: this replica's share of the function's cap, from the consumers the queue has now (every
     * replica's poller is one), then the batches in flight within it.
     */
    void rescale() {
        try {
            int consumers;
            synchronized (publishing) {
                consumers = publishing.queueDeclarePassive(source.queue()).getConsumerCount();
            }
            share = PollerScaling.share(functionCap(), consumers);
        } catch (IOException | RuntimeException e) {
            // the channel closes with it: the poller is replaced on the next pass
            LOG.debugf(e, "Consumers of %s not counted", source.queue());
        }
        int next = PollerScaling.next(
                target.get(),
                share,
                !waiting.isEmpty(),
                busy.get() >= running.get(),
                failedSinceLastLook.getAndSet(false));
        target.set(next);
        while (running.get() < next) {
            startWorker();
        }
    }

    /** The trigger's maximumConcurrency and the function's reserved concurrency, as the catalog has it now. */
    private int functionCap() {
        OptionalInt reserved = catalog.find(source.function())
                .map(fn -> fn.getSpec() == null ? null : fn.getSpec().getConcurrency())
                .map(Concurrency::getReserved)
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
        return PollerScaling.functionCap(source.maximumConcurrency(), reserved);
    }

    /** What the broker's delivery says, with what kfn carried over from earlier deliveries. Pure. */
    static QueueMessage received(Envelope envelope, AMQP.BasicProperties properties, byte[] body, long now) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        int previous = intHeader(headers, RECEIVE_COUNT);
        // a delivery the broker hands out again (a poller died holding it) was received once more
        int receiveCount = previous + 1 + (envelope.isRedeliver() ? 1 : 0);
        String messageId = Optional.ofNullable(text(headers, MESSAGE_ID))
                .or(() -> Optional.ofNullable(properties.getMessageId()))
                .orElseGet(() -> UUID.randomUUID().toString());
        long firstReceived = longHeader(headers, FIRST_RECEIVED_AT, now);
        long sent = properties.getTimestamp() != null
                ? properties.getTimestamp().getTime()
                : longHeader(headers, SENT_AT, firstReceived);
        String sender = Optional.ofNullable(properties.getUserId())
                .or(() -> Optional.ofNullable(properties.getAppId()))
                .orElse("");
        Map<String, String> attributes = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith("kfn-") && value != null) {
                attributes.put(name, value.toString());
            }
        });
        return new QueueMessage(
                envelope.getDeliveryTag(), messageId, body, receiveCount, sent, firstReceived, sender, attributes);
    }

    private void startWorker() {
        running.incrementAndGet();
        workers.execute(() -> {
            boolean retired = false;
            try {
                while (!stopped.get() && !(retired = retire())) {
                    List<Held> batch = nextBatch();
                    if (!batch.isEmpty()) {
                        busy.incrementAndGet();
                        try {
                            run(batch);
                        } finally {
                            busy.decrementAndGet();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!retired) {
                    running.decrementAndGet();
                }
            }
        });
    }

    /** One worker too many leaves, counted off before it goes so that only one leaves per surplus. */
    private boolean retire() {
        int now = running.get();
        return now > target.get() && running.compareAndSet(now, now - 1);
    }

    /**
     * The first waiting message, then more until the batch is full, its window ends, or it would pass 6 MB. One
     * batch forms at a time, so concurrent batches do not split the messages of one window between them.
     */
    private List<Held> nextBatch() throws InterruptedException {
        synchronized (forming) {
            return formBatch();
        }
    }

    private List<Held> formBatch() throws InterruptedException {
        Held first = waiting.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Held> batch = new ArrayList<>();
        batch.add(first);
        long bytes = first.message().body().length;
        long deadline = System.nanoTime() + source.batchWindow().toNanos();
        while (batch.size() < source.batchSize()) {
            long left = deadline - System.nanoTime();
            Held next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
            if (next == null) {
                break;
            }
            if (bytes + next.message().body().length > BATCH_BYTES) {
                waiting.addFirst(next);
                break;
            }
            batch.add(next);
            bytes += next.message().body().length;
        }
        return batch;
    }

    private void run(List<Held> batch) {
        List<QueueMessage> messages = batch.stream().map(Held::message).toList();
        List<String> ids = messages.stream().map(QueueMessage::messageId).toList();
        Set<String> failed;
        try {
            FunctionAdmission.Admitted fn = FunctionAdmission.admit(
                    new FunctionRef(source.function(), Optional.empty()), catalog.find(source.function()), region);
            Invoker.Result result = invoker.invoke(
                            fn,
                            SqsEvent.of(messages, source, region),
                            new InvocationMessage.Context(
                                    Optional.of("application/json"), Optional.empty(), Optional.empty()))
                    .get(fn.timeout().toMillis() + Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
            failed = BatchOutcome.failed(
                    ids,
                    result.reply().message().functionError().isPresent(),
                    source.reportBatchItemFailures(),
                    result.reply().body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException | java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.debugf(e, "Batch of %d from %s for %s not run", batch.size(), source.queue(), source.function());
            failed = Set.copyOf(ids);
        }
        if (!failed.isEmpty()) {
            failedSinceLastLook.set(true);
        }
        List<Held> exhausted = new ArrayList<>();
        List<Held> retried = new ArrayList<>();
        for (Held held : batch) {
            if (!failed.contains(held.message().messageId())) {
                ack(held.message());
            } else if (exhausted(held.message())) {
                exhausted.add(held);
            } else {
                retried.add(held);
            }
        }
        giveBack(exhausted, retried);
    }

    private boolean exhausted(QueueMessage message) {
        return source.maxReceiveCount().isPresent()
                && message.receiveCount() >= source.maxReceiveCount().getAsInt();
    }

    /**
     * A batch's failed messages: those past their receives to the dead-letter queue now, the others back on the
     * queue after the visibility timeout — each group published together and confirmed once.
     */
    private void giveBack(List<Held> exhausted, List<Held> retried) {
        if (!exhausted.isEmpty()) {
            move(exhausted, source.deadLetterQueue().orElseThrow(), "MaxReceiveCountExceeded");
        }
        if (retried.isEmpty()) {
            return;
        }
        if (source.visibilityTimeout().isZero()) {
            move(retried, source.queue(), null);
        } else {
            timer.schedule(
                    () -> move(retried, source.queue(), null),
                    source.visibilityTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Publishes the messages to {@code queue} with what they have been through, waits for the broker to confirm
     * them all, then acks their deliveries: one confirm round trip for the group, not one per message.
     */
    private void move(List<Held> group, String queue, String reason) {
        if (stopped.get()) {
            return;
        }
        try {
            synchronized (publishing) {
                for (Held held : group) {
                    publishing.basicPublish(
                            "", queue, true, moved(held, reason), held.message().body());
                }
                publishing.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
            }
            group.forEach(held -> ack(held.message()));
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            // not acked: the broker delivers them again when this poller's channel closes
            LOG.warnf(e, "Could not move %d messages of %s to %s", group.size(), source.queue(), queue);
        }
    }

    /** The properties a moved message carries: its own, with kfn's account of its receives. */
    private static AMQP.BasicProperties moved(Held held, String reason) {
        QueueMessage message = held.message();
        Map<String, Object> headers = new HashMap<>(
                held.properties().getHeaders() == null
                        ? Map.of()
                        : held.properties().getHeaders());
        headers.put(RECEIVE_COUNT, message.receiveCount());
        headers.put(MESSAGE_ID, message.messageId());
        headers.put(FIRST_RECEIVED_AT, message.firstReceivedAt());
        headers.put(SENT_AT, message.sentAt());
        if (reason != null) {
            headers.put(DEAD_LETTER_REASON, reason);
        }
        return held.properties().builder().headers(headers).deliveryMode(2).build();
    }

    private void ack(QueueMessage message) {
        try {
            synchronized (consuming) {
                consuming.basicAck(message.deliveryTag(), false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Ack of %s on %s lost; it will be delivered again", message.messageId(), source.queue());
        }
    }

    /** Stops taking messages; what this poller holds goes back to the queue when its channels close. */
    @Override
    public void close() {
        stopped.set(true);
        workers.shutdownNow();
        for (Channel channel : List.of(consuming, publishing)) {
            try {
                if (channel.isOpen()) {
                    channel.close();
                }
            } catch (IOException | TimeoutException | RuntimeException e) {
                LOG.debugf(e, "Closing a channel of the poller of %s", source.queue());
            }
        }
    }

    private static int intHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value instanceof Number number ? number.intValue() : 0;
    }

    private static long longHeader(Map<String, Object> headers, String name, long absent) {
        Object value = headers.get(name);
        return value instanceof Number number ? number.longValue() : absent;
    }

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
