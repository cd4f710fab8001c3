package dev.kfn.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The PostgreSQL replication slot and publication of one databaseChange trigger, named from the function and the
 * trigger's index so that every gateway replica, and the operator reading its lag, name the same slot. PostgreSQL
 * allows 63 characters of {@code [a-z0-9_]}: the readable part is cut to fit, and a digest of the exact identity
 * keeps names apart that read the same ({@code a-b/c} and {@code a/b-c}).
 */
public final class ReplicationSlot {

    public static final String PREFIX = "kfn_";
    private static final int READABLE_MAX = 40;

    private ReplicationSlot() {}

    /** The slot's name; the trigger's publication has the same name. */
    public static String name(FunctionId function, int trigger) {
        String readable = (function.namespace() + "_" + function.name())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "_");
        if (readable.length() > READABLE_MAX) {
            readable = readable.substring(0, READABLE_MAX);
        }
        return PREFIX + readable + "_" + trigger + "_" + digest(function + "#" + trigger);
    }

    private static String digest(String identity) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
