package dev.kfn.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An objectStore trigger read and checked, with S3's rules for bucket names and event types: what the gateway
 * filters notifications by and the operator reports on. Pure.
 */
public record ObjectStoreSource(int trigger, String bucket, List<String> events, String prefix, String suffix) {

    /** S3's general-purpose bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at both ends. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** S3's bound on a key, which a prefix or suffix cannot pass. */
    private static final int KEY_BYTES_MAX = 1024;

    /** @throws IllegalArgumentException naming the field of {@code spec.triggers[index].objectStore} that is wrong */
    public static ObjectStoreSource read(int index, ObjectStoreTrigger trigger) {
        String field = "spec.triggers[" + index + "].objectStore";
        String bucket = trigger.getBucket();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(field + ".bucket: name the bucket whose notifications invoke it");
        }
        requireBucketName(field + ".bucket", bucket);
        List<String> events = trigger.getEvents() == null ? List.of() : List.copyOf(trigger.getEvents());
        for (int j = 0; j < events.size(); j++) {
            String event = events.get(j);
            if (!S3EventNames.KNOWN.contains(event)) {
                throw new IllegalArgumentException(field + ".events[" + j + "]: " + event
                        + " is not an S3 event type (e.g. s3:ObjectCreated:*, s3:ObjectCreated:Put,"
                        + " s3:ObjectRemoved:*)");
            }
        }
        String prefix = trigger.getPrefix() == null ? "" : trigger.getPrefix();
        String suffix = trigger.getSuffix() == null ? "" : trigger.getSuffix();
        requireKeyPart(field + ".prefix", prefix);
        requireKeyPart(field + ".suffix", suffix);
        return new ObjectStoreSource(index, bucket, events, prefix, suffix);
    }

    /**
     * Whether an event of {@code bucket} named {@code eventName} for the (decoded) {@code key} is one this trigger
     * takes. No events listed means every event, as S3 has no notification without one.
     */
    public boolean matches(String bucket, String eventName, String key) {
        return this.bucket.equals(bucket)
                && (events.isEmpty() || events.stream().anyMatch(e -> S3EventNames.covers(e, eventName)))
                && key.startsWith(prefix)
                && key.endsWith(suffix);
    }

    private static void requireBucketName(String field, String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException(field + ": " + bucket + " is not a bucket name (3 to 63 lower-case"
                    + " letters, digits, dots and hyphens, beginning and ending with a letter or digit)");
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            throw new IllegalArgumentException(
                    field + ": " + bucket + " is not a bucket name (no two adjacent dots, no dot next to a hyphen)");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            throw new IllegalArgumentException(
                    field + ": " + bucket + " is not a bucket name (formatted as an IP" + " address)");
        }
    }

    private static void requireKeyPart(String field, String part) {
        if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > KEY_BYTES_MAX) {
            throw new IllegalArgumentException(field + ": longer than a key may be (1024 bytes)");
        }
    }
}
