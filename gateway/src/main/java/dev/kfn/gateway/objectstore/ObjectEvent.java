package dev.kfn.gateway.objectstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One object-store event, normalised: what triggers filter on (the key decoded) and the record in Lambda's S3
 * shape that a matching Function receives.
 */
public record ObjectEvent(String bucket, String eventName, String key, ObjectNode record) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code {"Records":[record]}}: one record per invocation, as S3 sends them. */
    public byte[] payload() {
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        try {
            return JSON.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always writes", e);
        }
    }
}
