package dev.kfn.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A put's body read with Kinesis's limits: one record {@code {"partitionKey": …, "data": <base64>}} or
 * {@code {"records": [ … ]}} of at most 500; a key of 1 to 256 characters; at most 1 MiB of data per record and 5 MiB
 * per put. Pure.
 */
public record StreamPut(List<Entry> records, boolean batch) {

    public record Entry(String partitionKey, byte[] data) {}

    public static final int RECORDS_MAX = 500;
    public static final int KEY_MAX = 256;
    public static final int DATA_MAX = 1024 * 1024;
    public static final int PUT_MAX = 5 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException saying what is wrong, for a 400 */
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
        JsonNode records = root.get("records");
        if (records == null) {
            return new StreamPut(List.of(entry(root, "")), false);
        }
        if (!records.isArray() || records.isEmpty() || records.size() > RECORDS_MAX) {
            throw new IllegalArgumentException("records is a list of 1 to " + RECORDS_MAX + " records");
        }
        List<Entry> entries = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < records.size(); i++) {
            Entry entry = entry(records.get(i), "records[" + i + "].");
            bytes += entry.data().length + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length;
            entries.add(entry);
        }
        if (bytes > PUT_MAX) {
            throw new IllegalArgumentException("The records are over 5 MiB together");
        }
        return new StreamPut(List.copyOf(entries), true);
    }

    private static Entry entry(JsonNode record, String field) {
        JsonNode key = record.get("partitionKey");
        if (key == null
                || !key.isTextual()
                || key.asText().isEmpty()
                || key.asText().length() > KEY_MAX) {
            throw new IllegalArgumentException(field + "partitionKey is a string of 1 to " + KEY_MAX + " characters");
        }
        JsonNode data = record.get("data");
        if (data == null || !data.isTextual()) {
            throw new IllegalArgumentException(field + "data is the record's bytes in base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + "data is not base64");
        }
        if (bytes.length > DATA_MAX) {
            throw new IllegalArgumentException(field + "data is over 1 MiB");
        }
        return new Entry(key.asText(), bytes);
    }
}
