package dev.kfn.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.contract.StreamTopology;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A put's records read with Kinesis's limits: one record {@code {"partitionKey": …, "data": <base64>}} or
 * {@code {"records": [ … ]}} of at most 500; a key of 1 to 256 characters; at most 1 MiB of data per record and 5 MiB
 * per put; an optional {@code explicitHashKey} (a decimal 128-bit hash key) in place of the key's hash. The same rules
 * read Kinesis's own PutRecord(s) in {@link Fields#KINESIS}'s names, from JSON (data in base64) or CBOR (data as a
 * byte string). Pure.
 */
public record StreamPut(List<Entry> records, boolean batch) {

    /** A record; the partition is the explicit hash key's if it has one, else its key's (Kinesis's rule). */
    public record Entry(String partitionKey, byte[] data, Optional<BigInteger> explicitHashKey) {

        public Entry(String partitionKey, byte[] data) {
            this(partitionKey, data, Optional.empty());
        }

        public int partitionIn(StreamTopology stream) {
            return explicitHashKey
                    .map(hash -> hash.multiply(BigInteger.valueOf(stream.partitions()))
                            .divide(HASH_KEYS)
                            .intValueExact())
                    .orElseGet(() -> stream.partitionOf(partitionKey));
        }
    }

    /** What a body calls the records and their fields. */
    public record Fields(String records, String partitionKey, String data, String explicitHashKey) {
        public static final Fields KFN = new Fields("records", "partitionKey", "data", "explicitHashKey");
        public static final Fields KINESIS = new Fields("Records", "PartitionKey", "Data", "ExplicitHashKey");
    }

    public static final int RECORDS_MAX = 500;
    public static final int KEY_MAX = 256;
    public static final int DATA_MAX = 1024 * 1024;
    public static final int PUT_MAX = 5 * 1024 * 1024;

    private static final BigInteger HASH_KEYS = BigInteger.ONE.shiftLeft(128);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * kfn's body: a record, or {@code records}.
     *
     * @throws IllegalArgumentException saying what is wrong, for a 400
     */
    public static StreamPut read(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The body is a JSON object: a record or {\"records\": [...]}");
        }
        return root.has(Fields.KFN.records()) ? batch(root, Fields.KFN) : one(root, Fields.KFN);
    }

    /** The record that {@code record} is. */
    public static StreamPut one(JsonNode record, Fields fields) {
        return new StreamPut(List.of(entry(record, fields, "")), false);
    }

    /** The records of {@code body}'s records field. */
    public static StreamPut batch(JsonNode body, Fields fields) {
        JsonNode records = body.get(fields.records());
        if (records == null || !records.isArray() || records.isEmpty() || records.size() > RECORDS_MAX) {
            throw new IllegalArgumentException(fields.records() + " is a list of 1 to " + RECORDS_MAX + " records");
        }
        List<Entry> entries = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < records.size(); i++) {
            Entry entry = entry(records.get(i), fields, fields.records() + "[" + i + "].");
            bytes += entry.data().length + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length;
            entries.add(entry);
        }
        if (bytes > PUT_MAX) {
            throw new IllegalArgumentException("The records are over 5 MiB together");
        }
        return new StreamPut(List.copyOf(entries), true);
    }

    private static Entry entry(JsonNode record, Fields fields, String where) {
        JsonNode key = record.get(fields.partitionKey());
        if (key == null
                || !key.isTextual()
                || key.asText().isEmpty()
                || key.asText().length() > KEY_MAX) {
            throw new IllegalArgumentException(
                    where + fields.partitionKey() + " is a string of 1 to " + KEY_MAX + " characters");
        }
        byte[] bytes = data(record.get(fields.data()), where + fields.data());
        if (bytes.length > DATA_MAX) {
            throw new IllegalArgumentException(where + fields.data() + " is over 1 MiB");
        }
        return new Entry(
                key.asText(), bytes, hashKey(record.get(fields.explicitHashKey()), where + fields.explicitHashKey()));
    }

    private static byte[] data(JsonNode data, String field) {
        if (data != null && data.isBinary()) {
            try {
                return data.binaryValue();
            } catch (IOException e) {
                throw new IllegalArgumentException(field + " is not readable");
            }
        }
        if (data == null || !data.isTextual()) {
            throw new IllegalArgumentException(field + " is the record's bytes in base64");
        }
        try {
            return Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64");
        }
    }

    private static Optional<BigInteger> hashKey(JsonNode hashKey, String field) {
        if (hashKey == null || hashKey.isNull()) {
            return Optional.empty();
        }
        String problem = field + " is a decimal hash key from 0 to 2^128 - 1";
        if (!hashKey.isTextual() || !hashKey.asText().matches("0|[1-9][0-9]{0,38}")) {
            throw new IllegalArgumentException(problem);
        }
        BigInteger hash = new BigInteger(hashKey.asText());
        if (hash.compareTo(HASH_KEYS) >= 0) {
            throw new IllegalArgumentException(problem);
        }
        return Optional.of(hash);
    }
}
