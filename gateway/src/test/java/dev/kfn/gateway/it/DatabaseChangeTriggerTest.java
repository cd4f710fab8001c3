package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.DatabaseChangeStatus;
import dev.kfn.api.DatabaseChangeTrigger;
import dev.kfn.api.DatabaseConnection;
import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.ReplicationSlot;
import dev.kfn.gateway.dbchangefunctions.DynamodbRecorder;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * databaseChange triggers end to end: a table on the machine's PostgreSQL (wal_level=logical), the gateway's poller
 * reading its slot, the Function and its connection Secret in the mock API server, and a real runtime host running
 * a Lambda DynamoDB Streams handler ({@link DynamodbRecorder}: the typed DynamodbEvent in).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseChangeTriggerTest {

    static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Connection db;
    private final List<HostProcess> hosts = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    private record Recorded(Path records, Path failFlag, FunctionId function, String table) {}

    @BeforeAll
    void connect() throws Exception {
        topology = new TestTopology("dbchange");
        db = DriverManager.getConnection(JDBC_URL, "postgres", "");
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        // the gateway drops the slots of the Functions that went; a slot left by a failed test is removed here
        await().atMost(Duration.ofSeconds(30)).until(() -> slots().isEmpty());
        try (Statement statement = db.createStatement()) {
            for (String table : tables) {
                statement.execute("drop table if exists " + table);
            }
            for (String role : roles) {
                statement.execute("drop role if exists " + role);
            }
        }
        db.close();
        topology.close();
    }

    @Test
    void insertUpdateAndDeleteArriveAsTheThreeEventNamesWithTypedImages() throws Exception {
        Recorded fn = function("typed", t -> {});
        execute("insert into " + fn.table() + " values (1, 'ann', true, 12.50, '{\"tags\":[\"a\",2]}', '\\x00ff')");
        execute("update " + fn.table() + " set name = 'bob', paid = false where id = 1");
        execute("delete from " + fn.table() + " where id = 1");

        await().atMost(Duration.ofSeconds(30)).until(() -> ok(fn).size() == 3);
        List<String[]> seen = ok(fn);
        assertThat(seen.stream().map(r -> r[2])).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(seen).allSatisfy(r -> {
            assertThat(r[4]).isEqualTo("id=N:1");
            assertThat(r[7])
                    .isEqualTo("arn:aws:dynamodb:us-east-1:" + fn.function().namespace() + ":table/" + fn.table()
                            + "/stream/" + ReplicationSlot.name(fn.function(), 0));
            assertThat(r[8]).isEqualTo("aws:dynamodb");
        });
        String ann = "blob=B:AP8=,doc=M:{tags=L:[S:a,N:2]},id=N:1,name=S:ann,paid=BOOL:true,total=N:12.50";
        String bob = "blob=B:AP8=,doc=M:{tags=L:[S:a,N:2]},id=N:1,name=S:bob,paid=BOOL:false,total=N:12.50";
        assertThat(seen.get(0)[5]).isEqualTo(ann);
        assertThat(seen.get(0)[6]).isEqualTo("-");
        assertThat(seen.get(1)[5]).isEqualTo(bob);
        assertThat(seen.get(1)[6]).isEqualTo(ann);
        assertThat(seen.get(2)[5]).isEqualTo("-");
        assertThat(seen.get(2)[6]).isEqualTo(bob);
        assertThat(seen.stream().map(r -> r[3])).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void changesOfOneKeyArriveInCommitOrderAndAFailingBatchIsRetriedWithNothingSkipped() throws Exception {
        Recorded fn = function("ordered", t -> {});
        String slot = ReplicationSlot.name(fn.function(), 0);
        Files.createFile(fn.failFlag());
        execute("insert into " + fn.table() + " (id, name) values (1, 'v0')");
        for (int v = 1; v <= 20; v++) {
            execute("update " + fn.table() + " set name = 'v" + v + "' where id = 1");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> failedDeliveries(fn) >= 3);
        // nothing succeeded, so the slot has not moved past any of it
        String held = confirmedFlush(slot);
        await().atMost(Duration.ofSeconds(30)).until(() -> failedDeliveries(fn) >= 5);
        assertThat(confirmedFlush(slot)).isEqualTo(held);

        Files.delete(fn.failFlag());
        await().atMost(Duration.ofSeconds(30)).until(() -> ok(fn).size() >= 21);
        List<String> names = ok(fn).stream()
                .map(r -> r[5].replaceAll(".*name=S:(v[0-9]+).*", "$1"))
                .toList();
        List<String> expected = new ArrayList<>();
        for (int v = 0; v <= 20; v++) {
            expected.add("v" + v);
        }
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(ok(fn).stream().map(r -> r[3])).isSorted().doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(30)).until(() -> !confirmedFlush(slot).equals(held));
    }

    @Test
    void resumesFromItsSlotWithNoLostChangeWhenThePollersConnectionIsCut() throws Exception {
        Recorded fn = function("resumed", t -> {});
        String slot = ReplicationSlot.name(fn.function(), 0);
        Files.createFile(fn.failFlag());
        for (int id = 1; id <= 5; id++) {
            execute("insert into " + fn.table() + " (id, name) values (" + id + ", 'before')");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> failedDeliveries(fn) >= 2);
        int reader = activePid(slot).orElseThrow();
        // what a gateway that dies does to its slot: the connection goes, the slot keeps its confirmed position
        execute("select pg_terminate_backend(" + reader + ")");
        for (int id = 6; id <= 8; id++) {
            execute("insert into " + fn.table() + " (id, name) values (" + id + ", 'while away')");
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> activePid(slot).filter(pid -> pid != reader).isPresent());
        Files.delete(fn.failFlag());

        await().atMost(Duration.ofSeconds(30)).until(() -> ok(fn).size() >= 8);
        assertThat(ok(fn).stream().map(r -> r[4]))
                .containsExactly("id=N:1", "id=N:2", "id=N:3", "id=N:4", "id=N:5", "id=N:6", "id=N:7", "id=N:8");
    }

    @Test
    void aBatchGivenUpAfterItsRetriesGoesToTheOnFailureQueueAndTheStreamMovesOn() throws Exception {
        String failedQueue = topology.namespace + ".given-up";
        try (var broker = dev.kfn.contract.broker.BrokerSettings.defaults()
                        .connectionFactory()
                        .newConnection("kfn-dbchange-test");
                var channel = broker.createChannel()) {
            channel.queueDeclare(failedQueue, true, false, false, java.util.Map.of());
            Recorded fn = function("gives-up", t -> {
                t.setMaximumRetryAttempts(1);
                t.setOnFailureQueue(failedQueue);
            });
            Files.createFile(fn.failFlag());
            execute("insert into " + fn.table() + " (id, name) values (1, 'lost')");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> channel.queueDeclarePassive(failedQueue).getMessageCount() == 1);
            var info = new ObjectMapper()
                    .readTree(channel.basicGet(failedQueue, true).getBody());
            assertThat(info.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(info.at("/requestContext/approximateInvokeCount").asInt())
                    .isEqualTo(2);
            assertThat(info.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
            assertThat(info.at("/DDBStreamBatchInfo/startSequenceNumber").asText())
                    .isEqualTo(lines(fn.records()).get(0)[3]);
            assertThat(info.at("/DDBStreamBatchInfo/streamArn").asText())
                    .isEqualTo(lines(fn.records()).get(0)[7]);
            assertThat(failedDeliveries(fn)).isEqualTo(2);

            Files.delete(fn.failFlag());
            execute("insert into " + fn.table() + " (id, name) values (2, 'next')");
            await().atMost(Duration.ofSeconds(30)).until(() -> ok(fn).size() == 1);
            assertThat(ok(fn).get(0)[4]).isEqualTo("id=N:2");
            channel.queueDelete(failedQueue);
        }
    }

    @Test
    void aReportedFailureResumesTheBatchAtItsSequenceNumberUntilTheRetriesRunOut() throws Exception {
        Recorded fn = function("partial", t -> {
            t.setReportBatchItemFailures(true);
            t.setMaximumRetryAttempts(2);
        });
        db.setAutoCommit(false);
        try {
            execute("insert into " + fn.table() + " (id, name) values (1, 'fine')");
            execute("insert into " + fn.table() + " (id, name) values (2, 'poison')");
            execute("insert into " + fn.table() + " (id, name) values (3, 'fine')");
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
        // the next commit once the batch has formed, so that it is not part of it
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(fn.records()).size() >= 3);
        execute("insert into " + fn.table() + " (id, name) values (4, 'after')");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lines(fn.records()).stream().anyMatch(r -> r[4].equals("id=N:4")));
        // one batch of the transaction, then twice from the failed record on; then it is given up and 4 follows
        assertThat(lines(fn.records()).stream().map(r -> r[1] + ":" + r[4]))
                .containsExactly(
                        "3:id=N:1", "3:id=N:2", "3:id=N:3", "2:id=N:2", "2:id=N:3", "2:id=N:2", "2:id=N:3", "1:id=N:4");
    }

    @Test
    void aFunctionErrorWithBisectSplitsTheBatchUntilOnlyTheFailingRecordIsGivenUp() throws Exception {
        Recorded fn = function("bisected", t -> {
            t.setBisectBatchOnFunctionError(true);
            t.setMaximumRetryAttempts(0);
        });
        db.setAutoCommit(false);
        try {
            for (int id = 1; id <= 4; id++) {
                execute("insert into " + fn.table() + " (id, name) values (" + id + ", '" + (id == 3 ? "throw" : "fine")
                        + "')");
            }
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> ok(fn).stream().anyMatch(r -> r[4].equals("id=N:4")));
        // [1..4] fails, splits; [1,2] passes; [3,4] fails, splits; [3] fails with no retries left; [4] passes
        assertThat(lines(fn.records()).stream().map(r -> r[0] + ":" + r[1] + ":" + r[4]))
                .containsExactly(
                        "failed:4:id=N:1",
                        "failed:4:id=N:2",
                        "failed:4:id=N:3",
                        "failed:4:id=N:4",
                        "ok:2:id=N:1",
                        "ok:2:id=N:2",
                        "failed:2:id=N:3",
                        "failed:2:id=N:4",
                        "failed:1:id=N:3",
                        "ok:1:id=N:4");
    }

    @Test
    void theSlotAndPublicationGoWithTheFunction() throws Exception {
        Recorded fn = function("dropped", t -> {});
        String slot = ReplicationSlot.name(fn.function(), 0);
        assertThat(slots()).contains(slot);
        client.resources(Function.class)
                .inNamespace(fn.function().namespace())
                .withName(fn.function().name())
                .delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> !slots().contains(slot));
    }

    @Test
    void aTriggerThatCannotReadItsTableSaysWhyInStatusAndTheOthersKeepWorking() throws Exception {
        FunctionId fn = topology.function("troubled");
        String table = table();
        String role = "kfn_dbc_norepl_" + UUID.randomUUID().toString().substring(0, 8);
        roles.add(role);
        String owned = table();
        execute("create role " + role + " login");
        execute("alter table " + owned + " owner to " + role);
        connection(fn, "good", JDBC_URL, "postgres");
        connection(fn, "down", "jdbc:postgresql://127.0.0.1:1/postgres", "postgres");
        connection(fn, "norepl", JDBC_URL, role);
        Recorded recorded = function(
                fn,
                table,
                List.of(
                        trigger("good", "public.kfn_dbc_missing"),
                        trigger("absent", table),
                        trigger("down", table),
                        trigger("norepl", owned),
                        trigger("good", table)));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> errors(fn).size() == 4 && lag(fn, 4).isPresent());
        List<String> errors = errors(fn);
        assertThat(errors.get(0)).contains("public.kfn_dbc_missing").contains("does not exist");
        assertThat(errors.get(1)).contains("kfn-databases has no key absent.jdbcUrl");
        assertThat(errors.get(2)).contains("Connection to 127.0.0.1:1 refused");
        assertThat(errors.get(3)).contains("replication");
        assertThat(status(fn).get(4).getError()).isNull();
        assertThat(status(fn).get(4).getSlot()).isEqualTo(ReplicationSlot.name(fn, 4));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> activePid(ReplicationSlot.name(fn, 4)).isPresent());
        execute("insert into " + table + " (id, name) values (1, 'still served')");
        await().atMost(Duration.ofSeconds(30)).until(() -> ok(recorded).size() == 1);
        assertThat(ok(recorded).get(0)[5]).contains("name=S:still served");
    }

    private Recorded function(String name, Consumer<DatabaseChangeTrigger> change) throws Exception {
        FunctionId fn = topology.function(name);
        String table = table();
        connection(fn, name, JDBC_URL, "postgres");
        DatabaseChangeTrigger databaseChange = trigger(name, table);
        change.accept(databaseChange);
        Recorded recorded = function(fn, table, List.of(databaseChange));
        // changes are captured from the slot's making on: wait until a gateway reads it
        String slot = ReplicationSlot.name(fn, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> activePid(slot).isPresent());
        return recorded;
    }

    private Recorded function(FunctionId fn, String table, List<DatabaseChangeTrigger> databaseChanges)
            throws Exception {
        Path records = Files.createTempFile("kfn-ddb", ".tsv");
        Path failFlag = records.resolveSibling(records.getFileName() + ".fail");
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(DynamodbRecorder.class.getName());
            spec.setTriggers(databaseChanges.stream()
                    .map(databaseChange -> {
                        Trigger trigger = new Trigger();
                        trigger.setDatabaseChange(databaseChange);
                        return trigger;
                    })
                    .toList());
        }));
        HostProcess host = new HostProcess(fn, DynamodbRecorder.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env("DDB_RECORDS", records)
                .env("DDB_FAIL", failFlag)
                .start();
        hosts.add(host);
        host.awaitReady();
        return new Recorded(records, failFlag, fn, table);
    }

    private String table() throws Exception {
        String table = "public.kfn_dbc_" + UUID.randomUUID().toString().substring(0, 8);
        tables.add(table);
        execute("create table " + table + " (id bigint primary key, name text, paid boolean, total numeric,"
                + " doc jsonb, blob bytea)");
        execute("alter table " + table + " replica identity full");
        return table;
    }

    private static DatabaseChangeTrigger trigger(String connectionName, String table) {
        DatabaseChangeTrigger databaseChange = new DatabaseChangeTrigger();
        DatabaseConnection connection = new DatabaseConnection();
        connection.setName(connectionName);
        databaseChange.setConnection(connection);
        databaseChange.setTable(table);
        return databaseChange;
    }

    /** A connection in the namespace's one kfn-databases Secret. */
    private void connection(FunctionId fn, String name, String jdbcUrl, String user) {
        var secrets = client.secrets().inNamespace(fn.namespace());
        if (secrets.withName(DatabaseConnection.SECRET).get() == null) {
            secrets.resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(DatabaseConnection.SECRET)
                            .endMetadata()
                            .build())
                    .create();
        }
        secrets.withName(DatabaseConnection.SECRET)
                .edit(secret -> new SecretBuilder(secret)
                        .addToData(DatabaseConnection.key(name, DatabaseConnection.JDBC_URL), base64(jdbcUrl))
                        .addToData(DatabaseConnection.key(name, DatabaseConnection.USERNAME), base64(user))
                        .build());
    }

    private void execute(String sql) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private Optional<Integer> activePid(String slot) throws Exception {
        try (PreparedStatement query =
                db.prepareStatement("select active_pid from pg_replication_slots where slot_name = ? and active")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private List<String> slots() throws Exception {
        List<String> slots = new ArrayList<>();
        try (PreparedStatement query =
                db.prepareStatement("select slot_name from pg_replication_slots where slot_name like ? union all"
                        + " select pubname from pg_publication where pubname like ?")) {
            String prefix = ReplicationSlot.PREFIX + topology.namespace.replace('-', '_') + "%";
            query.setString(1, prefix);
            query.setString(2, prefix);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    slots.add(rs.getString(1));
                }
            }
        }
        return slots;
    }

    private List<DatabaseChangeStatus> status(FunctionId fn) {
        Function found = client.resources(Function.class)
                .inNamespace(fn.namespace())
                .withName(fn.name())
                .get();
        return found.getStatus() == null || found.getStatus().getDatabaseChanges() == null
                ? List.of()
                : found.getStatus().getDatabaseChanges();
    }

    /** The errors reported, by trigger, those without one left out. */
    private List<String> errors(FunctionId fn) {
        return status(fn).stream()
                .filter(s -> s.getError() != null)
                .map(DatabaseChangeStatus::getError)
                .toList();
    }

    private Optional<Long> lag(FunctionId fn, int trigger) {
        return status(fn).stream()
                .filter(s -> s.getTrigger() == trigger && s.getError() == null)
                .map(DatabaseChangeStatus::getLagBytes)
                .findFirst();
    }

    private String confirmedFlush(String slot) throws Exception {
        try (PreparedStatement query =
                db.prepareStatement("select confirmed_flush_lsn from pg_replication_slots where slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    /** Deliveries of the first change that failed: each failed batch records it once. */
    private static long failedDeliveries(Recorded fn) throws Exception {
        List<String[]> failed =
                lines(fn.records()).stream().filter(r -> r[0].equals("failed")).toList();
        return failed.isEmpty()
                ? 0
                : failed.stream().filter(r -> r[3].equals(failed.get(0)[3])).count();
    }

    private static List<String[]> ok(Recorded fn) throws Exception {
        return lines(fn.records()).stream().filter(r -> r[0].equals("ok")).toList();
    }

    private static List<String[]> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .toList();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path handlers() {
        // joda-time: Lambda's event serializers load it for every event type, as in Lambda's own Java runtime
        return TaskRoots.java(
                DynamodbRecorder.class,
                DynamodbEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
