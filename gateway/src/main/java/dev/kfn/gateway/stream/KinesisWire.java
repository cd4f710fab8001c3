package dev.kfn.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Kinesis's two encodings of one JSON-shaped body: AWS JSON 1.1 (bytes in base64) and CBOR, which the AWS SDKs
 * send by default (bytes as byte strings). An answer goes back in the request's encoding, which the SDK reads it in.
 */
public enum KinesisWire {
    JSON("application/x-amz-json-1.1", new ObjectMapper()),
    CBOR("application/x-amz-cbor-1.1", new CBORMapper());

    private final String contentType;
    private final ObjectMapper mapper;

    KinesisWire(String contentType, ObjectMapper mapper) {
        this.contentType = contentType;
        this.mapper = mapper;
    }

    /** CBOR for {@code application/x-amz-cbor-*}, JSON otherwise. */
    public static KinesisWire of(String contentType) {
        return contentType != null && contentType.startsWith("application/x-amz-cbor-") ? CBOR : JSON;
    }

    public String contentType() {
        return contentType;
    }

    /** @throws IllegalArgumentException for a body that is not an object in this encoding */
    public JsonNode read(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not " + name());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The body is not a " + name() + " object");
        }
        return root;
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
