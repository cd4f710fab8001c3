package dev.kfn.gateway.websocket;

import dev.kfn.api.websocket.WebSocketApi;
import dev.kfn.contract.FunctionId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** One client connection this replica holds, with what the connection API describes of it. */
public final class Connection {

    private final WebSocketEvent.Origin origin;
    private final String namespace;
    private final WebSocketApi api;
    private final ServerWebSocket socket;
    private volatile Instant lastActiveAt;

    Connection(WebSocketEvent.Origin origin, String namespace, WebSocketApi api, ServerWebSocket socket) {
        this.origin = origin;
        this.namespace = namespace;
        this.api = api;
        this.socket = socket;
        this.lastActiveAt = origin.connectedAt();
    }

    public String id() {
        return origin.connectionId();
    }

    WebSocketEvent.Origin origin() {
        return origin;
    }

    ServerWebSocket socket() {
        return socket;
    }

    public String namespace() {
        return namespace;
    }

    public FunctionId function() {
        return api.function().id();
    }

    WebSocketApi api() {
        return api;
    }

    public Instant connectedAt() {
        return origin.connectedAt();
    }

    public Instant lastActiveAt() {
        return lastActiveAt;
    }

    public String sourceIp() {
        return origin.sourceIp();
    }

    public Optional<String> userAgent() {
        return origin.userAgent();
    }

    void active(Instant now) {
        lastActiveAt = now;
    }

    /** A text frame when the data is UTF-8, as a chat client expects; a binary one otherwise. */
    Future<Void> send(byte[] data, Instant now) {
        active(now);
        return utf8(data).map(socket::writeTextMessage).orElseGet(() -> socket.writeBinaryMessage(Buffer.buffer(data)));
    }

    Future<Void> close(short status, String reason) {
        return socket.close(status, reason);
    }

    private static Optional<String> utf8(byte[] data) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
