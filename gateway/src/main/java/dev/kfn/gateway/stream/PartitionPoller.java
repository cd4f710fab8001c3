package dev.kfn.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.api.StreamSource;
import dev.kfn.api.StreamStatus;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.InvocationMetrics;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.IteratorAge;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One partition of a stream read for one trigger, as a Kinesis shard is by Lambda: records in offset order, one
 * batch at a time per lane, each a synchronous invocation; a failing batch holds its lane, retried with back-off
 * (split in halves with {@code bisectBatchOnFunctionError}, resumed from the lowest reported sequence number with
 * {@code reportBatchItemFailures}) until it succeeds or is given up to the on-failure destination. There are
 * {@code parallelizationFactor} lanes, each taking the partition keys that hash to it, so a key keeps its order while
 * batches of different keys run side by side; with a factor of 1 the partition is one lane.
 *
 * <p>Only one reader at a time across the gateway's replicas: a poller first declares the partition's exclusive
 * lease queue, which the broker lets one connection hold. The last finished offset is the checkpoint, a durable
 * queue of length one whose newest message is the truth: the offset below which every record is done. It moves
 * only forward and only after success, so a new reader (after a restart, a broker outage, another replica taking
 * over) delivers again at most the batches that were in flight (and, with several lanes, what other lanes finished
 * past the lowest one still running).
 */
final class PartitionPoller implements AutoCloseable {

    /** Lambda's synchronous payload bound, for data that grows by a third in base64, less room for the fields. */
    static final int BATCH_BYTES = (6 * 1024 * 1024 - 256 * 1024) / 4 * 3;

    private static final Logger LOG = Logger.getLogger(PartitionPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BACKOFF_FIRST = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);
    private static final int PREFETCH_MAX = 65_535;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPORT_AGAIN = Duration.ofSeconds(1);

    private final StreamSource source;
    private final StreamTopology stream;
    private final int partition;
    private final Connection connection;
    private final Invoker invoker;
    private final FunctionCatalog catalog;
    private final String region;
    private final StreamStatusWriter status;
    private final InvocationMetrics metrics;
    private final LinkedBlockingDeque<StreamRecord> waiting = new LinkedBlockingDeque<>();
    private final List<LinkedBlockingDeque<StreamRecord>> lanes = new ArrayList<>();
    /** Handed to a lane and not yet done, by offset: the lowest bounds the checkpoint. */
    private final ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
    /** Records handed to the lanes at most, so a held lane stops the reading (and the broker's sending). */
    private final Semaphore room;
    /** One publisher on the confirm channel at a time: checkpoints and on-failure records. */
    private final Object publishingLock = new Object();

    private final Thread thread;
    private final List<Thread> laneThreads = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile boolean ended;
    private Channel consuming;
    private Channel publishing;
    private volatile long committed = -1;
    private volatile long handedOut = -1;
    /** Before the first checkpoint of a LATEST or AT_TIMESTAMP start: records that arrived earlier are skipped. */
    private volatile Optional<Instant> since = Optional.empty();
    /** The highest offset the broker sent or the checkpoint holds, for the reading thread to find holes by. */
    private long lastSeen = -1;
    /** This partition's entry in status.streams once records expired, asserted until the Function shows it. */
    private StreamStatus reported;

    private long reportedAt;

    PartitionPoller(
            StreamSource source,
            StreamTopology stream,
            int partition,
            Connection connection,
            Invoker invoker,
            FunctionCatalog catalog,
            String region,
            StreamStatusWriter status,
            InvocationMetrics metrics) {
        this.source = source;
        this.stream = stream;
        this.partition = partition;
        this.connection = connection;
        this.invoker = invoker;
        this.catalog = catalog;
        this.region = region;
        this.status = status;
        this.metrics = metrics;
        this.room = new Semaphore(prefetch(source));
        this.thread =
                new Thread(this::run, "kfn-stream-" + source.function() + "-" + source.trigger() + "-" + partition);
        thread.setDaemon(true);
        thread.start();
    }

    /** False once it stopped: lease held elsewhere, channel closed, broker gone. It is then replaced. */
    boolean alive() {
        return !ended;
    }

    private void run() {
        boolean leased = false;
        try {
            consuming = connection.createChannel();
            leased = lease();
            if (!leased) {
                return;
            }
            publishing = connection.createChannel();
            publishing.confirmSelect();
            stream.declare(publishing);
            publishing.queueDeclare(checkpointQueue(), true, false, false, Map.of("x-max-length", 1));
            consume(startingOffset());
            startLanes();
            handOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | TimeoutException | RuntimeException e) {
            if (!stopped) {
                LOG.warnf(
                        e,
                        "Reading %s for %s stopped; a new reader resumes from the checkpoint",
                        partitionName(),
                        source.function());
            }
        } finally {
            stopped = true;
            stopLanes();
            if (leased) {
                release();
            }
            closeQuietly(consuming);
            closeQuietly(publishing);
            ended = true;
        }
    }

    /** The broker refuses a second connection the exclusive queue, closing the channel that asked. */
    private boolean lease() {
        try {
            consuming.queueDeclare(
                    stream.lease(source.function(), source.trigger(), partition), false, true, true, Map.of());
            return true;
        } catch (IOException e) {
            LOG.debugf("%s is read by another gateway for %s", partitionName(), source.function());
            return false;
        }
    }

    private void release() {
        if (!connection.isOpen()) {
            return;
        }
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(stream.lease(source.function(), source.trigger(), partition));
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "Lease of %s not released; it goes with the connection", partitionName());
        }
    }

    /** The checkpoint's next offset, else where the trigger starts; a LATEST start is remembered as a time. */
    private Object startingOffset() throws IOException, InterruptedException, TimeoutException {
        GetResponse last = publishing.basicGet(checkpointQueue(), false);
        if (last != null) {
            publishing.basicNack(last.getEnvelope().getDeliveryTag(), false, true);
            JsonNode checkpoint = JSON.readTree(last.getBody());
            if (checkpoint.has("offset")) {
                committed = checkpoint.get("offset").asLong();
                return resumeFrom(committed + 1);
            }
            since = Optional.of(Instant.ofEpochMilli(checkpoint.get("since").asLong()));
            return Date.from(since.get());
        }
        return switch (source.startingPosition()) {
            case TRIM_HORIZON -> "first";
            case AT_TIMESTAMP -> {
                since = source.startingPositionTimestamp();
                yield Date.from(since.orElseThrow());
            }
            case LATEST -> {
                // remembered, so a restart before the first success does not skip what arrived in between
                Instant now = Instant.now();
                writeCheckpoint(Map.of("since", now.toEpochMilli()));
                since = Optional.of(now);
                yield Date.from(now);
            }
        };
    }

    /**
     * Where a reader with a checkpoint starts: right after it, or at the partition's oldest record when retention
     * dropped what follows the checkpoint — asked, not left to the broker's clamping, so what was dropped is reported
     * at once rather than found as a hole. (Right after retention dropped segments, RabbitMQ 3.10 can send a new
     * consumer nothing until the next put; the probe then times out and the reader starts after the checkpoint.)
     */
    private long resumeFrom(long next) {
        long oldest = oldest(next);
        lastSeen = Math.max(committed, oldest - 1);
        ExpiredRun.between(committed, oldest, () -> oldest).ifPresent(this::expired);
        return Math.max(next, oldest);
    }

    /** Two batches per lane: one running, one forming. */
    private static int prefetch(StreamSource source) {
        return (int) Math.min(PREFETCH_MAX, Math.max(100L, 2L * source.batchSize() * source.parallelizationFactor()));
    }

    private void consume(Object offset) throws IOException {
        consuming.basicQos(prefetch(source));
        consuming.basicConsume(
                stream.partition(partition),
                false,
                Map.of(StreamTopology.OFFSET_HEADER, offset),
                new DefaultConsumer(consuming) {
                    @Override
                    public void handleDelivery(
                            String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                        waiting.add(received(envelope, properties, body, Instant.now()));
                    }

                    /** The channel or connection went (broker gone): an idle reader must notice too. */
                    @Override
                    public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
                        stopReading();
                    }

                    /** The broker cancels the consumer of a deleted partition. */
                    @Override
                    public void handleCancel(String tag) {
                        stopReading();
                    }
                });
    }

    /** What a stream delivery says: its offset, and the key and arrival the gateway stamped (or the broker's). Pure. */
    static StreamRecord received(Envelope envelope, AMQP.BasicProperties properties, byte[] body, Instant now) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        long offset = ((Number) headers.get(StreamTopology.OFFSET_HEADER)).longValue();
        Object key = headers.get(StreamTopology.PARTITION_KEY_HEADER);
        Object arrival = headers.get(StreamTopology.ARRIVAL_HEADER);
        Instant arrived = arrival instanceof Number millis
                ? Instant.ofEpochMilli(millis.longValue())
                : properties.getTimestamp() != null ? properties.getTimestamp().toInstant() : now;
        return new StreamRecord(
                offset,
                key == null ? envelope.getRoutingKey() : key.toString(),
                body,
                arrived,
                envelope.getDeliveryTag());
    }

    private void startLanes() {
        for (int i = 0; i < source.parallelizationFactor(); i++) {
            LinkedBlockingDeque<StreamRecord> lane = new LinkedBlockingDeque<>();
            lanes.add(lane);
            Thread worker = new Thread(() -> work(lane), thread.getName() + "-lane-" + i);
            worker.setDaemon(true);
            laneThreads.add(worker);
            worker.start();
        }
    }

    private void stopLanes() {
        laneThreads.forEach(Thread::interrupt);
        for (Thread worker : laneThreads) {
            try {
                worker.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Hands each record to its key's lane, in offset order, while the lanes have room; a stream consumer's ack only
     * gives the broker credit to send more (the checkpoint, not the broker, says what is done).
     */
    private void handOut() throws InterruptedException, IOException {
        int unacked = 0;
        long lastTag = -1;
        while (!stopped) {
            StreamRecord record = next(POLL.toNanos());
            if (record == null) {
                // the broker has nothing more and every record handed out is done: the reader is at the head
                if (outstanding.isEmpty()) {
                    caughtUp();
                }
                reportAgain();
                continue;
            }
            while (!room.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                reportAgain();
            }
            outstanding.add(record.offset());
            handedOut = record.offset();
            lanes.get(lane(record.partitionKey(), lanes.size())).add(record);
            lastTag = record.deliveryTag();
            if (++unacked >= 100 || waiting.isEmpty()) {
                consuming.basicAck(lastTag, true);
                unacked = 0;
            }
        }
    }

    /** The lane of a key: the same key always the same lane, so its records keep their order. Pure. */
    static int lane(String partitionKey, int lanes) {
        return Math.floorMod(partitionKey.hashCode(), lanes);
    }

    private void work(LinkedBlockingDeque<StreamRecord> lane) {
        try {
            while (!stopped) {
                List<StreamRecord> batch = nextBatch(lane);
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | TimeoutException | RuntimeException e) {
            if (!stopped) {
                LOG.warnf(
                        e,
                        "A lane of %s for %s stopped; a new reader resumes from the checkpoint",
                        partitionName(),
                        source.function());
            }
        } finally {
            // one lane gone ends the reader: a new one resumes from the checkpoint
            stopped = true;
            thread.interrupt();
        }
    }

    /** The lane's first record, then more until the batch is full, its window ends, or it would pass 6 MB. */
    private List<StreamRecord> nextBatch(LinkedBlockingDeque<StreamRecord> lane) throws InterruptedException {
        StreamRecord first = lane.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<StreamRecord> batch = new ArrayList<>();
        batch.add(first);
        long bytes = first.data().length;
        long deadline = System.nanoTime() + source.batchWindow().toNanos();
        while (batch.size() < source.batchSize()) {
            long left = deadline - System.nanoTime();
            StreamRecord record = left > 0 ? lane.poll(left, TimeUnit.NANOSECONDS) : lane.poll();
            if (record == null) {
                break;
            }
            if (bytes + record.data().length > BATCH_BYTES) {
                lane.addFirst(record);
                break;
            }
            batch.add(record);
            bytes += record.data().length;
        }
        return batch;
    }

    /** The next record not skipped by the starting time, waiting up to {@code nanos}. */
    private StreamRecord next(long nanos) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            StreamRecord record = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
            if (record == null) {
                return null;
            }
            seen(record);
            if (record.offset() > committed && !arrivedBefore(record.arrival(), since)) {
                return record;
            }
            consuming.basicAck(record.deliveryTag(), false);
        }
    }

    private void seen(StreamRecord record) {
        Optional<ExpiredRun> run = ExpiredRun.between(lastSeen, record.offset(), () -> oldest(record.offset()));
        lastSeen = Math.max(lastSeen, record.offset());
        run.ifPresent(this::expired);
    }

    /**
     * The offset of the partition's oldest record, from a consumer of its first one; {@code otherwise} when it
     * cannot tell (a hole it cannot explain is not reported as lost).
     */
    private long oldest(long otherwise) {
        CompletableFuture<Long> first = new CompletableFuture<>();
        Channel probe = null;
        try {
            probe = connection.createChannel();
            probe.basicQos(1);
            probe.basicConsume(
                    stream.partition(partition),
                    false,
                    Map.of(StreamTopology.OFFSET_HEADER, "first"),
                    new DefaultConsumer(probe) {
                        @Override
                        public void handleDelivery(
                                String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                            first.complete(received(envelope, properties, body, Instant.now())
                                    .offset());
                        }
                    });
            return first.get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "The oldest record of %s not known", partitionName());
            return otherwise;
        } finally {
            closeQuietly(probe);
        }
    }

    /** Records retention dropped under the reader: it reads on from the oldest left, and says so in the status. */
    private void expired(ExpiredRun run) {
        LOG.warnf(
                "Records %d to %d of %s expired before %s read them (the Stream's retention)",
                run.from(), run.to(), partitionName(), source.function());
        reported = run.recordedIn(shown(), source, partition, Instant.now());
        report();
    }

    private void caughtUp() {
        Optional<StreamStatus> entry = shown();
        if (entry.isPresent() && Boolean.TRUE.equals(entry.get().getCatchingUp())) {
            LOG.infof("%s caught up with %s after records expired", source.function(), partitionName());
            reported = ExpiredRun.caughtUp(entry.get());
            report();
        }
    }

    /** What this reader reported last, else what the Function shows (from a reader before it). */
    private Optional<StreamStatus> shown() {
        return reported != null ? Optional.of(reported) : status.shown(source, partition);
    }

    private void report() {
        reportedAt = System.nanoTime();
        status.report(source, reported);
    }

    /** A write that failed (the Function changed meanwhile) or that another writer's older copy undid. */
    private void reportAgain() {
        if (reported != null && System.nanoTime() - reportedAt >= REPORT_AGAIN.toNanos()) {
            report();
        }
    }

    /**
     * A timestamp start reads from the segment holding that time, so records of the segment before it are skipped.
     * Arrivals are stamped in milliseconds (as Kinesis does), so the start is too: a record put in the same
     * millisecond as a finer start time is not before it. Pure.
     */
    static boolean arrivedBefore(Instant arrival, Optional<Instant> since) {
        return since.isPresent() && arrival.isBefore(since.get().truncatedTo(ChronoUnit.MILLIS));
    }

    private void deliver(List<StreamRecord> batch) throws IOException, InterruptedException, TimeoutException {
        Deque<List<StreamRecord>> pending = new ArrayDeque<>();
        pending.push(batch);
        while (!pending.isEmpty()) {
            List<StreamRecord> part = pending.pop();
            int attempts = 0;
            while (true) {
                if (stopped) {
                    // a batch whose answer was lost with the reader is left to the next reader, not run again here
                    throw new InterruptedException("the reader of " + partitionName() + " stopped");
                }
                attempts++;
                OptionalLong restart = invoke(part);
                if (restart.isEmpty()) {
                    done(part);
                    break;
                }
                long from = restart.getAsLong();
                if (from > part.get(0).offset()) {
                    // the records before the lowest reported failure are done
                    done(part.stream().filter(r -> r.offset() < from).toList());
                    part = part.stream().filter(r -> r.offset() >= from).toList();
                } else if (source.bisectBatchOnFunctionError() && part.size() > 1) {
                    pending.push(part.subList(part.size() / 2, part.size()));
                    pending.push(part.subList(0, part.size() / 2));
                    break;
                }
                boolean tooOld = source.tooOld(part.get(0).arrival(), Instant.now());
                if (tooOld || !source.retriesLeft(attempts)) {
                    giveUp(part, tooOld ? BatchInfo.RECORD_AGE_EXCEEDED : BatchInfo.RETRY_ATTEMPTS_EXHAUSTED, attempts);
                    done(part);
                    break;
                }
                Thread.sleep(backoff(attempts).toMillis());
            }
        }
    }

    /** Doubling from 100 ms up to 5 s between the tries of one batch. Pure. */
    static Duration backoff(int attempts) {
        long millis = BACKOFF_FIRST.toMillis() << Math.min(attempts - 1, 16);
        return Duration.ofMillis(Math.min(millis, BACKOFF_MAX.toMillis()));
    }

    /** The offset to restart the batch from, empty when it succeeded; a call that did not run failed it whole. */
    private OptionalLong invoke(List<StreamRecord> part) throws InterruptedException {
        try {
            FunctionAdmission.Admitted fn = FunctionAdmission.admit(
                    new FunctionRef(source.function(), Optional.empty()), catalog.find(source.function()), region);
            metrics.batchHandedOver(
                    source.function(),
                    source.trigger(),
                    IteratorAge.of(part.get(part.size() - 1).arrival(), Instant.now()));
            Invoker.Result result = invoker.invoke(
                            fn,
                            KinesisBatch.of(part, source, partition, region),
                            new InvocationMessage.Context(
                                    Optional.of("application/json"), Optional.empty(), Optional.empty()))
                    .get(fn.timeout().toMillis() + Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
            return BatchRestart.from(
                    part,
                    result.reply().message().functionError().isPresent(),
                    source.reportBatchItemFailures(),
                    result.reply().body());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "Batch of %d from %s for %s not run", part.size(), partitionName(), source.function());
            return OptionalLong.of(part.get(0).offset());
        }
    }

    private void giveUp(List<StreamRecord> part, String condition, int attempts)
            throws IOException, InterruptedException, TimeoutException {
        LOG.warnf(
                "Gave up %d records (%s to %s) of %s for %s: %s",
                part.size(),
                part.get(0).sequenceNumber(),
                part.get(part.size() - 1).sequenceNumber(),
                partitionName(),
                source.function(),
                condition);
        if (source.onFailureQueue().isEmpty()) {
            return;
        }
        byte[] record = BatchInfo.of(
                part,
                source,
                partition,
                region,
                condition,
                attempts,
                UUID.randomUUID().toString(),
                Instant.now());
        synchronized (publishingLock) {
            publishing.basicPublish(
                    "",
                    source.onFailureQueue().get(),
                    true,
                    new AMQP.BasicProperties.Builder()
                            .contentType("application/json")
                            .deliveryMode(2)
                            .build(),
                    record);
            publishing.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        }
    }

    /**
     * Records finished (succeeded or given up): the checkpoint moves to just below the lowest record still out in a
     * lane, or to the last one handed out when none is. Only forward, and held by the broker (confirmed) before the
     * lane reads its next batch.
     */
    private void done(List<StreamRecord> records) throws IOException, InterruptedException, TimeoutException {
        if (records.isEmpty()) {
            return;
        }
        records.forEach(r -> outstanding.remove(r.offset()));
        room.release(records.size());
        synchronized (publishingLock) {
            // read before the lowest outstanding: a record handed out later is above it
            long last = handedOut;
            Long lowest = outstanding.isEmpty() ? null : outstanding.first();
            long point = lowest == null ? last : Math.min(last, lowest - 1);
            if (point <= committed) {
                return;
            }
            writeCheckpoint(Map.of("offset", point));
            committed = point;
            since = Optional.empty();
        }
    }

    private void writeCheckpoint(Map<String, Object> checkpoint)
            throws IOException, InterruptedException, TimeoutException {
        // x-max-length 1: the new message drops the one before it
        publishing.basicPublish(
                "",
                checkpointQueue(),
                true,
                new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                JSON.writeValueAsBytes(checkpoint));
        publishing.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    }

    private String checkpointQueue() {
        return stream.checkpoint(source.function(), source.trigger(), partition);
    }

    private String partitionName() {
        return stream.stream() + "/" + StreamTopology.shardId(partition);
    }

    private void stopReading() {
        stopped = true;
        laneThreads.forEach(Thread::interrupt);
        thread.interrupt();
    }

    /** Stops reading; a batch in flight is not checkpointed, so the next reader delivers it again. */
    @Override
    public void close() {
        stopReading();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debugf(e, "Closing a stream reader's channel");
        }
    }
}
