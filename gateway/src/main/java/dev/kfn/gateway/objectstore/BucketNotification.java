package dev.kfn.gateway.objectstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.api.S3EventNames;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a bucket-notification document as MinIO, Ceph RGW and S3 send it — {@code {"Records":[…]}}, MinIO adding
 * {@code EventName} and {@code Key} around it — and normalises each record to Lambda's S3 shape: {@code aws:s3},
 * event version 2.1, the event name without {@code s3:}, the key form-URL-encoded as S3 encodes it (Ceph sends it raw, MinIO and S3
 * encoded), a numeric size, S3's bucket ARN, and a sequencer when the sender gave none. S3's
 * {@code s3:TestEvent} holds no records. Pure.
 */
public final class BucketNotification {

    public static final String EVENT_SOURCE = "aws:s3";
    public static final String EVENT_VERSION = "2.1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CEPH = "ceph:s3";
    private static final DateTimeFormatter S3_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** MinIO writes the caller's address with its port; S3 writes the address alone. */
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");

    private BucketNotification() {}

    /**
     * @param region the region written when the sender gives none (MinIO's default)
     * @throws MalformedNotification naming what is wrong, when the document is not a notification
     */
    public static List<ObjectEvent> read(byte[] document, String region) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new MalformedNotification("The notification is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedNotification("The notification cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedNotification("The notification is not a JSON object with Records");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return List.of();
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new MalformedNotification("The notification has no Records array");
        }
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            events.add(normalised(records.get(i), "Records[" + i + "]", region));
        }
        return List.copyOf(events);
    }

    private static ObjectEvent normalised(JsonNode sent, String at, String region) {
        if (!sent.isObject()) {
            throw new MalformedNotification(at + " is not an object");
        }
        String eventName = S3EventNames.unprefixed(required(sent, "eventName", at));
        Instant time = time(required(sent, "eventTime", at), at + ".eventTime");
        JsonNode s3 = sent.path("s3");
        String bucket = required(s3.path("bucket"), "name", at + ".s3.bucket");
        String sentKey = required(s3.path("object"), "key", at + ".s3.object");
        String key = CEPH.equals(sent.path("eventSource").asText()) ? sentKey : decoded(sentKey, at);
        JsonNode object = s3.path("object");

        ObjectNode record = JSON.createObjectNode();
        // the version whose fields these are, whichever the sender wrote (MinIO 2.0, S3 up to 2.3 with more fields)
        record.put("eventVersion", EVENT_VERSION);
        record.put("eventSource", EVENT_SOURCE);
        record.put("awsRegion", text(sent, "awsRegion", region));
        record.put("eventTime", S3_TIME.format(time));
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", text(sent.path("userIdentity"), "principalId", ""));
        record.putObject("requestParameters")
                .put(
                        "sourceIPAddress",
                        IPV4_WITH_PORT
                                .matcher(text(sent.path("requestParameters"), "sourceIPAddress", ""))
                                .replaceAll("$1"));
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", text(sent.path("responseElements"), "x-amz-request-id", ""));
        response.put("x-amz-id-2", text(sent.path("responseElements"), "x-amz-id-2", ""));
        ObjectNode outS3 = record.putObject("s3");
        outS3.put("s3SchemaVersion", "1.0");
        outS3.put("configurationId", text(s3, "configurationId", ""));
        ObjectNode outBucket = outS3.putObject("bucket");
        outBucket.put("name", bucket);
        outBucket
                .putObject("ownerIdentity")
                .put("principalId", text(s3.path("bucket").path("ownerIdentity"), "principalId", ""));
        outBucket.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode outObject = outS3.putObject("object");
        outObject.put("key", encoded(key));
        size(object, at).ifPresent(size -> outObject.put("size", size));
        optional(object, "eTag").ifPresent(eTag -> outObject.put("eTag", eTag));
        optional(object, "versionId").ifPresent(version -> outObject.put("versionId", version));
        outObject.put("sequencer", optional(object, "sequencer").orElseGet(() -> sequencer(time)));
        return new ObjectEvent(bucket, eventName, key, record);
    }

    /** S3's encoding of a key in an event: form-URL-encoding ({@code red flower.jpg} → {@code red+flower.jpg}), slashes kept. */
    static String encoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String decoded(String key, String at) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedNotification(
                    at + ".s3.object.key: " + key + " is not URL-encoded (" + e.getMessage() + ")");
        }
    }

    private static Instant time(String text, String at) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedNotification(at + ": " + text + " is not an ISO-8601 time");
        }
    }

    /** Ceph writes the size as a string, MinIO and S3 as a number; a delete has none. */
    private static Optional<Long> size(JsonNode object, String at) {
        JsonNode size = object.get("size");
        if (size == null || size.isNull() || (size.isTextual() && size.asText().isEmpty())) {
            return Optional.empty();
        }
        if (size.isIntegralNumber()) {
            return Optional.of(size.asLong());
        }
        try {
            return Optional.of(Long.parseLong(size.asText()));
        } catch (NumberFormatException e) {
            throw new MalformedNotification(at + ".s3.object.size: " + size + " is not a number of bytes");
        }
    }

    /** Nanoseconds of the event in hexadecimal: grows with time, as S3's sequencer does for one key. */
    private static String sequencer(Instant time) {
        long nanos = ChronoUnit.NANOS.between(Instant.EPOCH, time);
        return HexFormat.of().withUpperCase().toHexDigits(nanos);
    }

    private static String required(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedNotification(at + "." + field + " is required (a string)");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty()
                ? Optional.empty()
                : Optional.of(value.asText());
    }

    private static String text(JsonNode node, String field, String absent) {
        return optional(node, field).orElse(absent);
    }
}
