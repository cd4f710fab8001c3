package dev.kfn.gateway.dbchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.EventSampleAssert;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** pgoutput's bytes as the server writes them → DynamoDB Streams records → Lambda's JSON. */
class DynamodbRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant COMMITTED = Instant.parse("2026-12-02T10:15:30.123456Z");
    private static final DatabaseChangeSource SOURCE = new DatabaseChangeSource(
            new FunctionId("shop", "orders"),
            0,
            "orders",
            "public",
            "orders",
            "LATEST",
            100,
            OptionalInt.empty(),
            false,
            false,
            Optional.empty());
    private static final String ARN = DynamodbRecords.streamArn("us-east-1", SOURCE, "kfn_slot");

    /** id bigint (key), name text, paid bool, total numeric, doc jsonb, blob bytea, note text */
    private static byte[] relation(char identity) {
        Writer w =
                new Writer().b('R').i(16384).s("public").s("orders").b(identity).h(7);
        w.b(1).s("id").i(AttributeValues.INT8).i(-1);
        w.b(identity == 'f' ? 1 : 0).s("name").i(25).i(-1);
        w.b(identity == 'f' ? 1 : 0).s("paid").i(AttributeValues.BOOL).i(-1);
        w.b(identity == 'f' ? 1 : 0).s("total").i(AttributeValues.NUMERIC).i(-1);
        w.b(identity == 'f' ? 1 : 0).s("doc").i(AttributeValues.JSONB).i(-1);
        w.b(identity == 'f' ? 1 : 0).s("blob").i(AttributeValues.BYTEA).i(-1);
        w.b(identity == 'f' ? 1 : 0).s("note").i(25).i(-1);
        return w.bytes();
    }

    private static Writer row(Writer w, String... values) {
        w.h(values.length);
        for (String v : values) {
            if (v == null) {
                w.b('n');
            } else if (v.equals("<toast>")) {
                w.b('u');
            } else {
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                w.b('t').i(bytes.length).raw(bytes);
            }
        }
        return w;
    }

    private static final String[] ROW = {
        "7", "ann", "t", "12.50", "{\"tags\":[\"a\",1,true,null],\"n\":{\"x\":2.5}}", "\\x00ff", null
    };

    private static PgOutput.Relation decodedRelation(char identity) {
        return (PgOutput.Relation) PgOutput.decode(ByteBuffer.wrap(relation(identity)));
    }

    private static PgOutput.Change change(byte[] bytes) {
        return (PgOutput.Change) PgOutput.decode(ByteBuffer.wrap(bytes));
    }

    private static JsonNode json(PgOutput.Relation relation, PgOutput.Change change) throws Exception {
        DynamodbEvent.DynamodbStreamRecord record = DynamodbRecords.of(
                relation,
                change,
                List.of("id"),
                DynamodbRecords.sequenceNumber(0x16B3748L, 2),
                COMMITTED,
                "us-east-1",
                ARN);
        return JSON.readTree(DynamodbRecords.json(List.of(record)))
                .get("Records")
                .get(0);
    }

    @Test
    void anInsertIsAnInsertWithItsNewImageTyped() throws Exception {
        byte[] insert = row(new Writer().b('I').i(16384).b('N'), ROW).bytes();
        JsonNode record = json(decodedRelation('d'), change(insert));

        assertThat(record.get("eventName").asText()).isEqualTo("INSERT");
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(record.get("eventVersion").asText()).isEqualTo("1.1");
        assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(record.get("eventSourceARN").asText())
                .isEqualTo("arn:aws:dynamodb:us-east-1:shop:table/public.orders/stream/kfn_slot");
        assertThat(record.get("eventID").asText()).matches("[0-9a-f]{32}");
        JsonNode dynamodb = record.get("dynamodb");
        assertThat(dynamodb.get("Keys").toString()).isEqualTo("{\"id\":{\"N\":\"7\"}}");
        assertThat(dynamodb.get("SequenceNumber").asText()).isEqualTo("00000000000023803720" + "00000002");
        assertThat(dynamodb.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(dynamodb.get("ApproximateCreationDateTime").asLong()).isEqualTo(COMMITTED.getEpochSecond());
        assertThat(dynamodb.get("SizeBytes").asLong()).isPositive();
        assertThat(dynamodb.has("OldImage")).isFalse();
        JsonNode image = dynamodb.get("NewImage");
        assertThat(image.get("id").toString()).isEqualTo("{\"N\":\"7\"}");
        assertThat(image.get("name").toString()).isEqualTo("{\"S\":\"ann\"}");
        assertThat(image.get("paid").toString()).isEqualTo("{\"BOOL\":true}");
        assertThat(image.get("total").toString()).isEqualTo("{\"N\":\"12.50\"}");
        assertThat(image.get("doc").toString())
                .isEqualTo("{\"M\":{\"tags\":{\"L\":[{\"S\":\"a\"},{\"N\":\"1\"},{\"BOOL\":true},{\"NULL\":true}]},"
                        + "\"n\":{\"M\":{\"x\":{\"N\":\"2.5\"}}}}}");
        assertThat(image.get("blob").toString()).isEqualTo("{\"B\":\"AP8=\"}");
        assertThat(image.get("note").toString()).isEqualTo("{\"NULL\":true}");
    }

    @Test
    void anUpdateWithReplicaIdentityFullIsAModifyWithBothImages() throws Exception {
        String[] after = ROW.clone();
        after[1] = "bob";
        after[5] = "<toast>";
        Writer update = row(new Writer().b('U').i(16384).b('O'), ROW);
        row(update.b('N'), after);
        JsonNode record = json(decodedRelation('f'), change(update.bytes()));

        assertThat(record.get("eventName").asText()).isEqualTo("MODIFY");
        JsonNode dynamodb = record.get("dynamodb");
        assertThat(dynamodb.get("Keys").toString()).isEqualTo("{\"id\":{\"N\":\"7\"}}");
        assertThat(dynamodb.at("/OldImage/name/S").asText()).isEqualTo("ann");
        assertThat(dynamodb.at("/NewImage/name/S").asText()).isEqualTo("bob");
        // a TOASTed value the server left out of the new row is the old row's
        assertThat(dynamodb.at("/NewImage/blob/B").asText()).isEqualTo("AP8=");
    }

    @Test
    void anUpdateWithTheDefaultReplicaIdentityHasNoOldImage() throws Exception {
        JsonNode record = json(
                decodedRelation('d'),
                change(row(new Writer().b('U').i(16384).b('N'), ROW).bytes()));
        assertThat(record.get("eventName").asText()).isEqualTo("MODIFY");
        assertThat(record.get("dynamodb").has("OldImage")).isFalse();
        assertThat(record.at("/dynamodb/NewImage/name/S").asText()).isEqualTo("ann");
    }

    @Test
    void aDeleteIsARemoveWhoseOldImageIsWhatTheServerSent() throws Exception {
        String[] key = new String[ROW.length];
        key[0] = "7";
        JsonNode keyOnly = json(
                decodedRelation('d'),
                change(row(new Writer().b('D').i(16384).b('K'), key).bytes()));
        assertThat(keyOnly.get("eventName").asText()).isEqualTo("REMOVE");
        assertThat(keyOnly.at("/dynamodb/Keys").toString()).isEqualTo("{\"id\":{\"N\":\"7\"}}");
        assertThat(keyOnly.at("/dynamodb/OldImage").toString()).isEqualTo("{\"id\":{\"N\":\"7\"}}");
        assertThat(keyOnly.get("dynamodb").has("NewImage")).isFalse();

        JsonNode full = json(
                decodedRelation('f'),
                change(row(new Writer().b('D').i(16384).b('O'), ROW).bytes()));
        assertThat(full.at("/dynamodb/OldImage/paid/BOOL").asBoolean()).isTrue();
        assertThat(full.at("/dynamodb/Keys").toString()).isEqualTo("{\"id\":{\"N\":\"7\"}}");
    }

    /** {@code kfn events databaseChange} prints what this builder writes for an insert and an update. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        PgOutput.Relation relation = decodedRelation('f');
        String[] after = ROW.clone();
        after[1] = "bob";
        Writer update = row(new Writer().b('U').i(16384).b('O'), ROW);
        row(update.b('N'), after);
        List<PgOutput.Change> changes =
                List.of(change(row(new Writer().b('I').i(16384).b('N'), ROW).bytes()), change(update.bytes()));
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            records.add(DynamodbRecords.of(
                    relation,
                    changes.get(i),
                    List.of("id"),
                    DynamodbRecords.sequenceNumber(0x16B3748L, i),
                    COMMITTED,
                    "us-east-1",
                    ARN));
        }
        EventSampleAssert.isTheSample(DynamodbRecords.json(records), "databaseChange");
    }

    @Test
    void beginAndCommitCarryPositionsAndTimes() {
        long micros = (COMMITTED.getEpochSecond() - 946_684_800L) * 1_000_000L + 123_456L;
        var begin = (PgOutput.Begin) PgOutput.decode(
                ByteBuffer.wrap(new Writer().b('B').l(900).l(micros).i(42).bytes()));
        assertThat(begin).isEqualTo(new PgOutput.Begin(900, COMMITTED, 42));
        var commit = (PgOutput.Commit) PgOutput.decode(
                ByteBuffer.wrap(new Writer().b('C').b(0).l(900).l(956).l(micros).bytes()));
        assertThat(commit).isEqualTo(new PgOutput.Commit(900, 956, COMMITTED));
        assertThat(PgOutput.decode(ByteBuffer.wrap(new Writer().b('Y').i(1).bytes())))
                .isEqualTo(new PgOutput.Other('Y'));
    }

    @Test
    void sequenceNumbersSortAsNumbersAndAsText() {
        List<String> numbers = List.of(
                DynamodbRecords.sequenceNumber(9, 0),
                DynamodbRecords.sequenceNumber(9, 1),
                DynamodbRecords.sequenceNumber(10, 0),
                DynamodbRecords.sequenceNumber(Long.MAX_VALUE, 0));
        String[] sorted = numbers.toArray(String[]::new);
        Arrays.sort(sorted);
        assertThat(sorted).containsExactlyElementsOf(numbers);
        assertThat(numbers).allSatisfy(n -> assertThat(n).matches("[0-9]{28}"));
    }

    @Test
    void numbersDynamodbCannotHoldStayText() {
        assertThat(AttributeValues.of(AttributeValues.FLOAT8, "NaN").getS()).isEqualTo("NaN");
        assertThat(AttributeValues.of(AttributeValues.FLOAT8, "-Infinity").getS())
                .isEqualTo("-Infinity");
        assertThat(AttributeValues.of(AttributeValues.FLOAT8, "1e+300").getN()).isEqualTo("1e+300");
        assertThat(AttributeValues.of(AttributeValues.JSON_TYPE, "not json").getS())
                .isEqualTo("not json");
        assertThat(AttributeValues.of(1114, "2026-12-02 10:15:30").getS()).isEqualTo("2026-12-02 10:15:30");
    }

    /** Big-endian, as the replication protocol writes. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer b(int v) {
            out.write(v);
            return this;
        }

        Writer h(int v) {
            return raw(ByteBuffer.allocate(2).putShort((short) v).array());
        }

        Writer i(int v) {
            return raw(ByteBuffer.allocate(4).putInt(v).array());
        }

        Writer l(long v) {
            return raw(ByteBuffer.allocate(8).putLong(v).array());
        }

        Writer s(String v) {
            raw(v.getBytes(StandardCharsets.UTF_8));
            return b(0);
        }

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
