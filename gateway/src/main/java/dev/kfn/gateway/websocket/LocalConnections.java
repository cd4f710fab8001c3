package dev.kfn.gateway.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections one gateway replica holds, under ids that name the replica. A call for a connection of another
 * namespace is answered as for one that does not exist: a connection is reachable only through its own namespace.
 */
public final class LocalConnections {

    /** The status API Gateway closes with when the connection API deletes a connection, or a limit is reached. */
    public static final short GOING_AWAY = 1001;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String replica;
    private final int maxMessageBytes;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();

    public LocalConnections(String replica, int maxMessageBytes) {
        this.replica = replica;
        this.maxMessageBytes = maxMessageBytes;
    }

    public String replica() {
        return replica;
    }

    String mint() {
        return ConnectionId.mint(replica);
    }

    void opened(Connection connection) {
        open.put(connection.id(), connection);
    }

    void closed(Connection connection) {
        open.remove(connection.id(), connection);
    }

    public int size() {
        return open.size();
    }

    public ConnectionAnswer serve(ConnectionRequest request, Instant now) {
        Optional<Connection> found = Optional.ofNullable(open.get(request.connectionId()))
                .filter(c -> c.namespace().equals(request.namespace()));
        if (found.isEmpty()) {
            return ConnectionAnswer.gone(request.connectionId());
        }
        Connection connection = found.get();
        return switch (request.operation()) {
            case SEND -> {
                if (request.data().length > maxMessageBytes) {
                    yield ConnectionAnswer.tooLarge(maxMessageBytes);
                }
                connection.send(request.data(), now);
                yield ConnectionAnswer.sent();
            }
            case DESCRIBE -> ConnectionAnswer.described(describe(connection));
            case CLOSE -> {
                open.remove(connection.id(), connection);
                connection.close(GOING_AWAY, "Connection closed by the connection API");
                yield ConnectionAnswer.closed();
            }
        };
    }

    /** Closes what has been idle or open too long; run periodically. */
    void expire(Instant now, Duration idleTimeout, Duration maxLifetime) {
        for (Connection connection : open.values()) {
            expiry(connection.connectedAt(), connection.lastActiveAt(), now, idleTimeout, maxLifetime)
                    .ifPresent(reason -> connection.close(GOING_AWAY, reason));
        }
    }

    /**
     * Why a connection must close now, as API Gateway closes one: past its maximum lifetime however busy, or idle for
     * the idle timeout (activity is a frame either way). Pure.
     */
    static Optional<String> expiry(
            Instant connectedAt, Instant lastActiveAt, Instant now, Duration idleTimeout, Duration maxLifetime) {
        if (connectedAt.plus(maxLifetime).isBefore(now)) {
            return Optional.of("Connection reached its maximum lifetime of " + maxLifetime);
        }
        if (lastActiveAt.plus(idleTimeout).isBefore(now)) {
            return Optional.of("Connection idle for " + idleTimeout);
        }
        return Optional.empty();
    }

    /** {@code GetConnection}'s answer: the SDK reads the timestamps as ISO 8601. */
    private static byte[] describe(Connection connection) {
        ObjectNode body = JSON.createObjectNode();
        body.put("connectedAt", connection.connectedAt().toString());
        ObjectNode identity = body.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        connection.userAgent().ifPresent(agent -> identity.put("userAgent", agent));
        body.put("lastActiveAt", connection.lastActiveAt().toString());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
