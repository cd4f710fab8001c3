package dev.kfn.gateway.dbchange;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.OperationType;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kfn.api.DatabaseChangeSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A row change decoded from pgoutput as the record DynamoDB Streams writes for an item change, and a batch of them
 * as Lambda's {@code DynamodbEvent} JSON, written by Lambda's own serializer. Pure.
 */
public final class DynamodbRecords {

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamodbRecords.class.getClassLoader());

    private DynamodbRecords() {}

    /**
     * {@code arn:aws:dynamodb:<region>:<namespace>:table/<schema.table>/stream/<slot>}: kfn's ARNs put the namespace
     * where AWS puts the account, and the slot names the stream.
     */
    public static String streamArn(String region, DatabaseChangeSource source, String slot) {
        return "arn:aws:dynamodb:" + region + ":" + source.function().namespace() + ":table/" + source.qualifiedTable()
                + "/stream/" + slot;
    }

    /**
     * The commit position of the change's transaction, then the change's place in it: numeric, and increasing in
     * the order changes are delivered (commit order), as DynamoDB's sequence numbers are per shard.
     */
    public static String sequenceNumber(long commitLsn, int indexInTransaction) {
        return String.format("%020d%08d", commitLsn, indexInTransaction);
    }

    /**
     * @param keyColumns the table's primary key; empty: the replica identity columns the relation marks
     */
    public static DynamodbEvent.DynamodbStreamRecord of(
            PgOutput.Relation relation,
            PgOutput.Change change,
            List<String> keyColumns,
            String sequenceNumber,
            Instant committedAt,
            String region,
            String arn) {
        boolean full = relation.replicaIdentity() == 'f';
        Map<String, AttributeValue> newImage =
                change.after().isEmpty() ? null : image(relation, change.after(), change.before(), Set.of());
        // without REPLICA IDENTITY FULL the server sends only the key of the old row
        Set<String> oldColumns = full ? Set.of() : identityColumns(relation);
        Map<String, AttributeValue> oldImage =
                change.before().isEmpty() ? null : image(relation, change.before(), List.of(), oldColumns);
        Map<String, AttributeValue> row = newImage != null ? newImage : oldImage;
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        List<String> key = keyColumns.isEmpty() ? List.copyOf(identityColumns(relation)) : keyColumns;
        for (String column : key) {
            AttributeValue value = row.get(column);
            if (value == null && oldImage != null) {
                value = oldImage.get(column);
            }
            if (value != null) {
                keys.put(column, value);
            }
        }

        var stream = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        stream.setApproximateCreationDateTime(Date.from(committedAt));
        stream.setKeys(keys);
        stream.setNewImage(newImage);
        stream.setOldImage(oldImage);
        stream.setSequenceNumber(sequenceNumber);
        stream.setSizeBytes(size(keys) + size(newImage) + size(oldImage));
        stream.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);

        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(UUID.nameUUIDFromBytes((arn + "/" + sequenceNumber).getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", ""));
        record.setEventName(
                switch (change.kind()) {
                    case INSERT -> OperationType.INSERT;
                    case UPDATE -> OperationType.MODIFY;
                    case DELETE -> OperationType.REMOVE;
                });
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion(region);
        record.setEventSourceARN(arn);
        record.setDynamodb(stream);
        return record;
    }

    public static byte[] json(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SERIALIZER.toJson(event, out);
        return out.toByteArray();
    }

    /**
     * The row's columns; one left out as unchanged (a TOASTed value) is taken from {@code fallback} when that has it.
     * {@code only}: those columns alone, unless empty.
     */
    private static Map<String, AttributeValue> image(
            PgOutput.Relation relation, List<PgOutput.Value> values, List<PgOutput.Value> fallback, Set<String> only) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        for (int i = 0; i < relation.columns().size() && i < values.size(); i++) {
            PgOutput.Column column = relation.columns().get(i);
            if (!only.isEmpty() && !only.contains(column.name())) {
                continue;
            }
            PgOutput.Value value = values.get(i);
            if (value.unchanged()) {
                if (i < fallback.size() && !fallback.get(i).unchanged()) {
                    value = fallback.get(i);
                } else {
                    continue;
                }
            }
            image.put(column.name(), AttributeValues.of(column.typeOid(), value.text()));
        }
        return image;
    }

    private static Set<String> identityColumns(PgOutput.Relation relation) {
        Set<String> key = new java.util.LinkedHashSet<>();
        relation.columns().stream().filter(PgOutput.Column::key).forEach(c -> key.add(c.name()));
        return key;
    }

    private static long size(Map<String, AttributeValue> image) {
        if (image == null) {
            return 0;
        }
        return image.entrySet().stream()
                .mapToLong(
                        e -> e.getKey().length() + String.valueOf(e.getValue()).length())
                .sum();
    }
}
