package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.DatabaseChangeTrigger;
import dev.kfn.api.DatabaseConnection;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.testsupport.Http;
import dev.kfn.testsupport.SecondBroker;
import e2e.handlers.OrderedLedger;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams and database changes through the whole of kfn local, on a RabbitMQ node of its own: the function starts at
 * zero and is woken by its trigger; then the runtime host is killed with SIGKILL mid-batch, then the gateway that
 * runs the readers, then (for the stream) the broker is restarted. Each reader resumes from its checkpoint: every
 * record arrives, and a record arrives twice only if it was in a batch in flight when a fault struck.
 */
class OrderedSourcesE2ETest {

    private static final Path WORK = Path.of("target/ordered-sources").toAbsolutePath();
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final int BATCH = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SecondBroker broker;
    private static LocalRun run;

    @BeforeAll
    static void start() throws Exception {
        broker = SecondBroker.start();
        run = LocalRun.start(WORK, broker.settings().environment());
    }

    @AfterAll
    static void stop() throws Exception {
        if (run != null) {
            run.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aStreamReaderLosesNothingWhenItsHostItsGatewayAndTheBrokerAreTakenAway() throws Exception {
        String name = "ledger-" + UUID.randomUUID().toString().substring(0, 6);
        run.createStream(name, 1);
        Path records = run.effects("stream-reader");
        StreamTrigger trigger = new StreamTrigger();
        trigger.setName(name);
        trigger.setStartingPosition("TRIM_HORIZON");
        trigger.setBatchSize(BATCH);
        create("stream-reader", records, t -> t.setStream(trigger));
        assertThat(run.replicas("stream-reader")).isZero();

        putAll(name, 0, 300);
        // nothing runs the function until its trigger wakes it
        await().atMost(RECOVERY).until(() -> lines(records).size() >= 30);
        assertThat(run.replicas("stream-reader")).isPositive();

        killHosts("stream-reader");
        await().atMost(RECOVERY).until(() -> lines(records).size() >= 120);
        restartGateway();
        await().atMost(RECOVERY).until(() -> lines(records).size() >= 200);
        broker.stopApp();
        broker.startApp();
        await().atMost(RECOVERY).until(() -> Http.status(URI.create(run.gateway() + "/q/health/ready")) == 200);
        putAll(name, 300, 100);

        await().atMost(RECOVERY).until(() -> distinct(records) == 400);
        List<String> seen = lines(records).stream().map(l -> l.split("\t")[2]).toList();
        assertThat(seen.stream().distinct().sorted().toList())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 400).mapToObj(i -> "r-" + i).toList());
        // delivered again: only records of the batch in flight at each of the three faults. The broker restart may
        // run its batch twice more: the reader reads it again, and the host is handed its invocation again
        assertThat(repeated(seen)).hasSizeLessThanOrEqualTo(3 * BATCH);
        assertThat(seen.size() - 400).isLessThanOrEqualTo(4 * BATCH);
    }

    @Test
    void aDatabaseChangeReaderLosesNothingWhenItsGatewayIsKilled() throws Exception {
        String table = "public.kfn_e2e_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = DriverManager.getConnection(JDBC_URL, "postgres", "")) {
            execute(db, "create table " + table + " (id bigint primary key, name text)");
            connection("e2e");
            Path records = run.effects("change-reader");
            DatabaseChangeTrigger trigger = new DatabaseChangeTrigger();
            DatabaseConnection connection = new DatabaseConnection();
            connection.setName("e2e");
            trigger.setConnection(connection);
            trigger.setTable(table);
            trigger.setBatchSize(BATCH);
            create("change-reader", records, t -> t.setDatabaseChange(trigger));
            String slot = ReplicationSlot.name(new FunctionId(LocalRun.NAMESPACE, "change-reader"), 0);
            await().atMost(RECOVERY).until(() -> slotExists(db, slot));

            for (int id = 0; id < 200; id++) {
                execute(db, "insert into " + table + " values (" + id + ", 'row')");
                if (id == 100) {
                    await().atMost(RECOVERY).until(() -> !lines(records).isEmpty());
                    restartGateway();
                }
            }

            await().atMost(RECOVERY).until(() -> distinct(records) == 200);
            List<String> seen =
                    lines(records).stream().map(l -> l.split("\t")[2]).toList();
            assertThat(seen.stream().distinct().toList())
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 200).mapToObj(i -> "INSERT " + i).toList());
            assertThat(repeated(seen)).hasSizeLessThanOrEqualTo(BATCH);
            assertThat(seen.size() - 200).isLessThanOrEqualTo(BATCH);

            run.delete("change-reader");
            // the slot goes with its trigger: a forgotten one would hold WAL for ever
            await().atMost(RECOVERY).until(() -> !slotExists(db, slot));
            execute(db, "drop table " + table);
        }
    }

    private static void create(String name, Path records, Consumer<Trigger> kind) {
        run.create(name, OrderedLedger.class.getName() + "::handleRequest", spec -> {
            spec.setTimeout("30s");
            spec.setEnv(List.of(
                    new EnvVar("RECORDS_DIR", records.toString(), null), new EnvVar("BATCH_DELAY_MS", "200", null)));
            Trigger trigger = new Trigger();
            kind.accept(trigger);
            spec.setTriggers(List.of(trigger));
        });
    }

    /** Puts {@code count} records {@code r-<from>…} through the gateway, 50 to a request. */
    private static void putAll(String stream, int from, int count) throws Exception {
        for (int i = from; i < from + count; i += 50) {
            List<String> data = IntStream.range(i, Math.min(from + count, i + 50))
                    .mapToObj(n -> "r-" + n)
                    .toList();
            HttpResponse<String> answer = run.putRecords(stream, "k", data);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
    }

    private static void killHosts(String name) {
        List<Long> victims = run.pids(name);
        assertThat(victims).isNotEmpty();
        victims.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        await().atMost(RECOVERY).until(() -> {
            List<Long> now = run.pids(name);
            return !now.isEmpty() && now.stream().noneMatch(victims::contains);
        });
    }

    /** SIGKILL, as a node that dies takes its pods; kfn local's supervisor starts another, as a Deployment would. */
    private static void restartGateway() {
        ProcessHandle victim = run.gatewayProcess().orElseThrow();
        victim.destroyForcibly();
        await().atMost(RECOVERY)
                .until(() -> run.gatewayProcess()
                        .filter(p -> p.pid() != victim.pid())
                        .isPresent());
        await().atMost(RECOVERY).until(() -> Http.status(URI.create(run.gateway() + "/q/health/ready")) == 200);
    }

    /** A connection named {@code name} in the namespace's kfn-databases Secret, to the machine's PostgreSQL. */
    private static void connection(String name) {
        var secrets = run.client().secrets().inNamespace(LocalRun.NAMESPACE);
        Map<String, String> data = Map.of(
                DatabaseConnection.key(name, DatabaseConnection.JDBC_URL), base64(JDBC_URL),
                DatabaseConnection.key(name, DatabaseConnection.USERNAME), base64("postgres"));
        if (secrets.withName(DatabaseConnection.SECRET).get() == null) {
            secrets.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(DatabaseConnection.SECRET)
                            .endMetadata()
                            .withData(data)
                            .build())
                    .create();
        } else {
            secrets.withName(DatabaseConnection.SECRET)
                    .edit(secret -> new SecretBuilder(secret).addToData(data).build());
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean slotExists(Connection db, String slot) throws Exception {
        try (PreparedStatement query = db.prepareStatement("select 1 from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> lines(Path dir) throws IOException {
        List<String> all = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".records")).toList()) {
                Files.readAllLines(file).stream().filter(l -> !l.isBlank()).forEach(all::add);
            }
        }
        return all;
    }

    private static Set<String> repeated(List<String> seen) {
        Set<String> once = new HashSet<>();
        return seen.stream().filter(s -> !once.add(s)).collect(Collectors.toSet());
    }

    private static long distinct(Path dir) throws IOException {
        return lines(dir).stream().map(l -> l.split("\t")[2]).distinct().count();
    }
}
