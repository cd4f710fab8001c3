package dev.kfn.gateway.dbchange;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.DatabaseCredentials;
import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.InvocationMetrics;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.IteratorAge;
import dev.kfn.gateway.queue.BatchOutcome;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * One databaseChange trigger at work, on a thread of its own: reads the trigger's slot with pgoutput, turns each
 * row change into a DynamoDB Streams record, and invokes the function synchronously once per batch, in commit
 * order, one batch at a time. A failing batch is retried (resumed, split) until it succeeds or its retries run
 * out; only then does the slot's confirmed position move, and only to the end of a transaction wholly delivered, so
 * a poller that dies — or a gateway that restarts — resumes where the slot says, with no change skipped and at most
 * the batch in flight delivered again.
 *
 * <p>The slot elects the reader: PostgreSQL lets one connection at a time stream from a slot, so every gateway
 * replica runs this poller and all but one wait, trying again every few seconds.
 */
final class DatabaseChangePoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DatabaseChangePoller.class);
    /** SQLSTATE of a slot another connection streams from. */
    private static final String OBJECT_IN_USE = "55006";

    private static final Duration STANDBY = Duration.ofSeconds(2);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(30);

    /** Where a batch that is given up goes: the trigger's on-failure queue, else the log. */
    interface FailureSink {
        void giveUp(DatabaseChangeSource source, byte[] batchInfo);
    }

    /** Where the poller says how its slot lags, or why it cannot read it. */
    interface StatusSink {
        void report(DatabaseChangeSource source, DatabaseChangeStatus status);
    }

    private static final Duration LAG_EVERY = Duration.ofSeconds(10);

    private final DatabaseChangeSource source;
    private final String slot;
    private final Supplier<DatabaseCredentials> credentials;
    private final Invoker invoker;
    private final FunctionCatalog catalog;
    private final String region;
    private final FailureSink failures;
    private final StatusSink status;
    private final InvocationMetrics metrics;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile DatabaseCredentials lastCredentials;
    private String lastProblem;
    private long lagReportedAt;

    DatabaseChangePoller(
            DatabaseChangeSource source,
            Supplier<DatabaseCredentials> credentials,
            Invoker invoker,
            FunctionCatalog catalog,
            String region,
            FailureSink failures,
            StatusSink status,
            InvocationMetrics metrics) {
        this.source = source;
        this.slot = ReplicationSlot.name(source.function(), source.trigger());
        this.credentials = credentials;
        this.invoker = invoker;
        this.catalog = catalog;
        this.region = region;
        this.failures = failures;
        this.status = status;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "kfn-dbchange-" + source.function() + "-" + source.trigger());
        thread.setDaemon(true);
        thread.start();
    }

    DatabaseChangeSource source() {
        return source;
    }

    String slot() {
        return slot;
    }

    /** The credentials the poller last connected with, to drop its slot when the trigger goes. */
    Optional<DatabaseCredentials> lastCredentials() {
        return Optional.ofNullable(lastCredentials);
    }

    private void run() {
        int failuresInARow = 0;
        while (!stopped) {
            try {
                stream();
                failuresInARow = 0;
            } catch (SQLException e) {
                if (OBJECT_IN_USE.equals(e.getSQLState())) {
                    // another replica reads the slot: stand by
                    pause(STANDBY.toMillis());
                    continue;
                }
                failuresInARow++;
                report(e.getMessage());
                pause(Math.min(RECONNECT_MAX.toMillis(), 1000L << Math.min(failuresInARow - 1, 5)));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failuresInARow++;
                report(String.valueOf(e.getMessage()));
                pause(Math.min(RECONNECT_MAX.toMillis(), 1000L << Math.min(failuresInARow - 1, 5)));
            }
        }
    }

    /** A problem is logged when it first appears, and put in the Function's status, where the operator reads it. */
    private void report(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warnf(
                    "databaseChange trigger %d of %s cannot read %s yet: %s",
                    source.trigger(), source.function(), source.qualifiedTable(), problem);
            lastProblem = problem;
        }
        status.report(
                source,
                new DatabaseChangeStatus(
                        source.trigger(),
                        slot,
                        null,
                        false,
                        "cannot read " + source.qualifiedTable() + ": " + problem));
    }

    /** Every {@link #LAG_EVERY}: how much write-ahead log the slot holds back, as pg_replication_slots says. */
    private void reportLag(Connection admin) throws SQLException {
        if (lagReportedAt != 0 && System.nanoTime() - lagReportedAt < LAG_EVERY.toNanos()) {
            return;
        }
        lagReportedAt = System.nanoTime();
        try (var query = admin.prepareStatement("select pg_current_wal_lsn() - confirmed_flush_lsn, active from"
                + " pg_replication_slots where slot_name = ?")) {
            query.setString(1, slot);
            try (var rs = query.executeQuery()) {
                if (rs.next()) {
                    status.report(
                            source,
                            new DatabaseChangeStatus(source.trigger(), slot, rs.getLong(1), rs.getBoolean(2), null));
                }
            }
        }
    }

    private void stream() throws SQLException, InterruptedException {
        DatabaseCredentials connection = credentials.get();
        lastCredentials = connection;
        try (Connection admin = ReplicationObjects.connect(connection, false);
                Connection replication = ReplicationObjects.connect(connection, true)) {
            List<String> key = ReplicationObjects.primaryKey(admin, source);
            ReplicationObjects.ensurePublication(admin, source, slot);
            ReplicationObjects.ensureSlot(admin, replication, slot);
            PGReplicationStream stream = replication
                    .unwrap(PGConnection.class)
                    .getReplicationAPI()
                    .replicationStream()
                    .logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", slot)
                    .withStatusInterval(10, TimeUnit.SECONDS)
                    .start();
            if (lastProblem != null) {
                LOG.infof(
                        "databaseChange trigger %d of %s reads %s",
                        source.trigger(), source.function(), source.qualifiedTable());
                lastProblem = null;
            }
            lagReportedAt = 0;
            read(stream, key, admin);
        }
    }

    /** The replication stream, message by message, until the poller stops or the connection fails. */
    private void read(PGReplicationStream stream, List<String> key, Connection admin)
            throws SQLException, InterruptedException {
        String arn = DynamodbRecords.streamArn(region, source, slot);
        Map<Integer, PgOutput.Relation> relations = new HashMap<>();
        List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
        PgOutput.Begin transaction = null;
        int index = 0;
        // the end of the last transaction whose changes are all in the batch or delivered
        long confirmable = -1;
        while (!stopped) {
            reportLag(admin);
            ByteBuffer message = stream.readPending();
            if (message == null) {
                if (!batch.isEmpty() && transaction == null) {
                    deliver(stream, batch, confirmable, admin);
                } else {
                    long received = stream.getLastReceiveLSN().asLong();
                    if (batch.isEmpty() && transaction == null && received > confirmable) {
                        // nothing held: the server has sent everything up to its last keepalive, so the slot may
                        // move there — else other tables' writes would pile up behind it as lag
                        confirmable = received;
                        stream.setAppliedLSN(stream.getLastReceiveLSN());
                        stream.setFlushedLSN(stream.getLastReceiveLSN());
                    }
                    Thread.sleep(5);
                }
                continue;
            }
            PgOutput.Message decoded = PgOutput.decode(message);
            if (decoded instanceof PgOutput.Begin begin) {
                transaction = begin;
                index = 0;
            } else if (decoded instanceof PgOutput.Relation relation) {
                relations.put(relation.oid(), relation);
            } else if (decoded instanceof PgOutput.Change change) {
                PgOutput.Relation relation = relations.get(change.relation());
                if (relation != null && transaction != null) {
                    batch.add(DynamodbRecords.of(
                            relation,
                            change,
                            key,
                            DynamodbRecords.sequenceNumber(transaction.finalLsn(), index++),
                            transaction.committedAt(),
                            region,
                            arn));
                }
            } else if (decoded instanceof PgOutput.Commit commit) {
                transaction = null;
                confirmable = commit.endLsn();
                if (batch.isEmpty()) {
                    confirm(stream, confirmable);
                }
            }
            if (batch.size() >= source.batchSize()) {
                deliver(stream, batch, confirmable, admin);
            }
        }
    }

    /** Runs the batch to its end (success or given up), then moves the slot past what it completed. */
    private void deliver(
            PGReplicationStream stream,
            List<DynamodbEvent.DynamodbStreamRecord> batch,
            long confirmable,
            Connection admin)
            throws SQLException, InterruptedException {
        List<List<DynamodbEvent.DynamodbStreamRecord>> parts = new ArrayList<>();
        parts.add(List.copyOf(batch));
        int retries = 0;
        int invocations = 0;
        while (!parts.isEmpty()) {
            List<DynamodbEvent.DynamodbStreamRecord> part = parts.get(0);
            List<String> sequences =
                    part.stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
            Attempt attempt = invoke(part, sequences);
            invocations++;
            int resumeAt = RetryPlan.resumeAt(sequences, attempt.failed());
            if (resumeAt == part.size()) {
                parts.remove(0);
                retries = 0;
                invocations = 0;
                continue;
            }
            if (source.bisectBatchOnFunctionError() && attempt.functionError() && part.size() > 1) {
                parts.remove(0);
                parts.add(0, part.subList(part.size() / 2, part.size()));
                parts.add(0, part.subList(0, part.size() / 2));
                continue;
            }
            retries++;
            if (RetryPlan.exhausted(retries, source.maximumRetryAttempts())) {
                failures.giveUp(
                        source,
                        BatchInfoRecord.of(
                                part.subList(resumeAt, part.size()),
                                FunctionArn.of(region, source.function()).toString(),
                                slot,
                                attempt.requestId(),
                                invocations,
                                Instant.now()));
                parts.remove(0);
                retries = 0;
                invocations = 0;
                continue;
            }
            parts.set(0, part.subList(resumeAt, part.size()));
            // the walsender times out a silent standby: say where the slot stands while the batch waits
            stream.forceUpdateStatus();
            reportLag(admin);
            pause(RetryPlan.backoffMillis(retries));
            if (stopped) {
                throw new InterruptedException("stopped while a batch waits for its retry");
            }
        }
        batch.clear();
        if (confirmable >= 0) {
            confirm(stream, confirmable);
        }
    }

    private record Attempt(Set<String> failed, boolean functionError, String requestId) {}

    private Attempt invoke(List<DynamodbEvent.DynamodbStreamRecord> part, List<String> sequences)
            throws InterruptedException {
        try {
            FunctionAdmission.Admitted fn = FunctionAdmission.admit(
                    new FunctionRef(source.function(), Optional.empty()), catalog.find(source.function()), region);
            // a change's creation time is its transaction's commit time
            metrics.batchHandedOver(
                    source.function(),
                    source.trigger(),
                    IteratorAge.of(
                            part.get(part.size() - 1)
                                    .getDynamodb()
                                    .getApproximateCreationDateTime()
                                    .toInstant(),
                            Instant.now()));
            Invoker.Result result = invoker.invoke(
                            fn,
                            DynamodbRecords.json(part),
                            new InvocationMessage.Context(
                                    Optional.of("application/json"), Optional.empty(), Optional.empty()))
                    .get(fn.timeout().toMillis() + Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
            boolean functionError = result.reply().message().functionError().isPresent();
            return new Attempt(
                    BatchOutcome.failed(
                            sequences,
                            functionError,
                            source.reportBatchItemFailures(),
                            result.reply().body()),
                    functionError,
                    result.requestId());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.debugf(
                    e, "Batch of %d from %s for %s not run", part.size(), source.qualifiedTable(), source.function());
            return new Attempt(Set.copyOf(sequences), true, UUID.randomUUID().toString());
        }
    }

    private static void confirm(PGReplicationStream stream, long lsn) throws SQLException {
        LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
        stream.setAppliedLSN(position);
        stream.setFlushedLSN(position);
        stream.forceUpdateStatus();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    /** Stops reading; the slot keeps its position, so the next reader starts where this one confirmed. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
