package dev.kfn.api;

import java.util.Set;

/**
 * S3's bucket-notification event names ({@code s3:ObjectCreated:Put}), as a trigger lists them and as a sender
 * writes them — S3 and Ceph without the {@code s3:} prefix, MinIO with it. Pure.
 */
public final class S3EventNames {

    public static final String PREFIX = "s3:";

    /** The event types S3 documents for notification configurations. */
    public static final Set<String> KNOWN = Set.of(
            "s3:TestEvent",
            "s3:ObjectCreated:*",
            "s3:ObjectCreated:Put",
            "s3:ObjectCreated:Post",
            "s3:ObjectCreated:Copy",
            "s3:ObjectCreated:CompleteMultipartUpload",
            "s3:ObjectRemoved:*",
            "s3:ObjectRemoved:Delete",
            "s3:ObjectRemoved:DeleteMarkerCreated",
            "s3:ObjectRestore:*",
            "s3:ObjectRestore:Post",
            "s3:ObjectRestore:Completed",
            "s3:ObjectRestore:Delete",
            "s3:ReducedRedundancyLostObject",
            "s3:Replication:*",
            "s3:Replication:OperationFailedReplication",
            "s3:Replication:OperationMissedThreshold",
            "s3:Replication:OperationReplicatedAfterThreshold",
            "s3:Replication:OperationNotTracked",
            "s3:LifecycleExpiration:*",
            "s3:LifecycleExpiration:Delete",
            "s3:LifecycleExpiration:DeleteMarkerCreated",
            "s3:LifecycleTransition",
            "s3:IntelligentTiering",
            "s3:ObjectTagging:*",
            "s3:ObjectTagging:Put",
            "s3:ObjectTagging:Delete",
            "s3:ObjectAcl:Put");

    private S3EventNames() {}

    /** The name as S3 writes it in an event record: {@code ObjectCreated:Put}. */
    public static String unprefixed(String name) {
        return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    }

    /**
     * Whether a configured name ({@code s3:ObjectCreated:*}) covers an event's name, written either way. As in S3,
     * {@code *} stands for the last part only: {@code s3:ObjectCreated:*} covers {@code ObjectCreated:Copy}.
     */
    public static boolean covers(String configured, String eventName) {
        String pattern = unprefixed(configured);
        String name = unprefixed(eventName);
        if (pattern.endsWith(":*")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(name);
    }
}
