package dev.kfn.gateway.websocket;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Connection ids: the holding replica's token, then 128 random bits, URL-safe base64. The token routes a
 * connection API call to the replica; the random part makes an id unguessable, as it is all that admits a caller.
 */
public final class ConnectionId {

    /** Characters of a replica token: 6 random bytes. */
    public static final int REPLICA_LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ConnectionId() {}

    public static String newReplica() {
        return random(6);
    }

    public static String mint(String replica) {
        return replica + random(16);
    }

    /** The replica holding the connection, if the id is one kfn could have minted. */
    public static Optional<String> replicaOf(String id) {
        if (id.length() != REPLICA_LENGTH + 22
                || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_')) {
            return Optional.empty();
        }
        return Optional.of(id.substring(0, REPLICA_LENGTH));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return ENCODER.encodeToString(value);
    }
}
