package dev.kfn.gateway.dbchange;

import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.DatabaseChangeTrigger;
import dev.kfn.api.DatabaseConnection;
import dev.kfn.api.DatabaseCredentials;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.gateway.dbchangefunctions.DynamodbLatency;
import dev.kfn.gateway.it.BrokerProxy;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/**
 * Commit → handler lag of a databaseChange trigger: rows inserted one per commit at a steady pace into a table of
 * the machine's PostgreSQL, each commit's time taken when the commit returns, each change's arrival taken in a
 * real runtime host's handler; next to the floor, a bare pgoutput stream on a slot of its own reading the same
 * commits in the same run. Run: see docs/performance.md. Writes target/benchmark/database-change.md.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "dbchange")
class DatabaseChangeLagBenchmark {

    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final int CHANGES = Integer.getInteger("benchmark.changes", 2_000);
    private static final int PER_SECOND = Integer.getInteger("benchmark.rate", 100);

    @Inject
    KubernetesClient client;

    @Test
    void commitToHandlerLagNextToABarePgoutputReader() throws Exception {
        String table = "public.kfn_dbc_bench_" + UUID.randomUUID().toString().substring(0, 8);
        String floorSlot = "kfn_bench_floor_" + UUID.randomUUID().toString().substring(0, 8);
        DatabaseCredentials credentials = new DatabaseCredentials(JDBC_URL, Optional.of("postgres"), Optional.empty());
        Path arrivals = Files.createTempFile("kfn-ddb-lag", ".tsv");
        long[] committed = new long[CHANGES + 1];
        ConcurrentHashMap<Integer, Long> floorArrivals = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        try (TestTopology topology = new TestTopology("dbcbench");
                Connection db = DriverManager.getConnection(JDBC_URL, "postgres", "")) {
            execute(db, "create table " + table + " (id bigint primary key, note text)");
            FunctionId fn = topology.function("lag");
            client.secrets()
                    .inNamespace(fn.namespace())
                    .resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(DatabaseConnection.SECRET)
                            .endMetadata()
                            .addToData(DatabaseConnection.key("bench", DatabaseConnection.JDBC_URL), base64(JDBC_URL))
                            .addToData(DatabaseConnection.key("bench", DatabaseConnection.USERNAME), base64("postgres"))
                            .build())
                    .create();
            DatabaseChangeTrigger databaseChange = new DatabaseChangeTrigger();
            DatabaseConnection connection = new DatabaseConnection();
            connection.setName("bench");
            databaseChange.setConnection(connection);
            databaseChange.setTable(table);
            Trigger trigger = new Trigger();
            trigger.setDatabaseChange(databaseChange);
            TestFunctions.create(client, TestFunctions.java(fn, spec -> {
                spec.setHandler(DynamodbLatency.class.getName());
                spec.setTriggers(List.of(trigger));
            }));
            DatabaseChangeSource floorSource = new DatabaseChangeSource(
                    fn,
                    0,
                    "bench",
                    "public",
                    table.substring("public.".length()),
                    "LATEST",
                    100,
                    OptionalInt.empty(),
                    false,
                    false,
                    Optional.empty());
            try (HostProcess host = new HostProcess(
                                    fn,
                                    DynamodbLatency.class.getName(),
                                    TaskRoots.java(
                                            DynamodbLatency.class,
                                            DynamodbEvent.class,
                                            DateTime.class,
                                            ObjectMapper.class,
                                            JsonFactory.class,
                                            JsonAutoDetect.class))
                            .env(HostEnvironment.MEMORY_MIB, 256)
                            .env("DDB_ARRIVALS", arrivals)
                            .start();
                    Connection floorAdmin = ReplicationObjects.connect(credentials, false);
                    Connection floorReplication = ReplicationObjects.connect(credentials, true)) {
                host.awaitReady();
                try (PreparedStatement active =
                        db.prepareStatement("select 1 from pg_replication_slots where slot_name = ? and active")) {
                    active.setString(1, ReplicationSlot.name(fn, 0));
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> active.executeQuery().next());
                }
                ReplicationObjects.ensurePublication(floorAdmin, floorSource, floorSlot);
                ReplicationObjects.ensureSlot(floorAdmin, floorReplication, floorSlot);
                PGReplicationStream floor = floorReplication
                        .unwrap(PGConnection.class)
                        .getReplicationAPI()
                        .replicationStream()
                        .logical()
                        .withSlotName(floorSlot)
                        .withSlotOption("proto_version", "1")
                        .withSlotOption("publication_names", floorSlot)
                        .start();
                Thread floorReader = new Thread(() -> readFloor(floor, floorArrivals, reading));
                floorReader.start();

                long pause = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
                long next = System.nanoTime();
                try (PreparedStatement insert = db.prepareStatement("insert into " + table + " values (?, 'x')")) {
                    for (int id = 1; id <= CHANGES; id++) {
                        while (System.nanoTime() < next) {
                            Thread.onSpinWait();
                        }
                        next += pause;
                        insert.setInt(1, id);
                        insert.executeUpdate();
                        committed[id] = micros(Instant.now());
                    }
                }
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> Files.readAllLines(arrivals).size() >= CHANGES && floorArrivals.size() >= CHANGES);
                reading.set(false);
                floorReader.join(5_000);
                floor.close();
                ReplicationObjects.drop(floorAdmin, floorSlot);
            }
        } finally {
            try (Connection db = DriverManager.getConnection(JDBC_URL, "postgres", "")) {
                execute(db, "drop table if exists " + table);
            }
        }
        long[] kfn = new long[CHANGES];
        for (String line : Files.readAllLines(arrivals)) {
            String[] parts = line.split("\t");
            int id = Integer.parseInt(parts[0]);
            kfn[id - 1] = Long.parseLong(parts[1]) - committed[id];
        }
        long[] bare = new long[CHANGES];
        floorArrivals.forEach((id, at) -> bare[id - 1] = at - committed[id]);
        String report = "| reader | changes | rate | p50 | p99 | max |\n|---|---|---|---|---|---|\n"
                + row("bare pgoutput stream (same commits, own slot)", bare)
                + row("kfn databaseChange trigger → handler", kfn);
        Path out = Path.of("target/benchmark/database-change.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static void readFloor(
            PGReplicationStream stream, ConcurrentHashMap<Integer, Long> arrivals, AtomicBoolean reading) {
        try {
            while (reading.get()) {
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    Thread.sleep(1);
                    continue;
                }
                long now = micros(Instant.now());
                if (PgOutput.decode(message) instanceof PgOutput.Change change) {
                    arrivals.put(Integer.parseInt(change.after().get(0).text()), now);
                }
                stream.setFlushedLSN(stream.getLastReceiveLSN());
                stream.setAppliedLSN(stream.getLastReceiveLSN());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String row(String reader, long[] lagMicros) {
        long[] sorted = lagMicros.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d/s | %.1f ms | %.1f ms | %.1f ms |%n",
                reader,
                sorted.length,
                PER_SECOND,
                sorted[sorted.length / 2] / 1000.0,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
