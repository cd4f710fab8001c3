package dev.kfn.gateway.websocket;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Joins a client's frames into messages within API Gateway's limits: a frame past the frame bound or a message past
 * the message bound is refused, and the connection is closed with 1009 (message too big). Not thread-safe: one per
 * connection, fed from its event loop.
 */
final class MessageAssembler {

    /** WebSocket's close status for a message too big to process. */
    static final short TOO_BIG = 1009;

    sealed interface Outcome {}

    record Incomplete() implements Outcome {}

    record Message(byte[] data, boolean text) implements Outcome {}

    record TooBig(String reason) implements Outcome {}

    private final int maxFrameBytes;
    private final int maxMessageBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean text;

    MessageAssembler(int maxFrameBytes, int maxMessageBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** @param first true for a text or binary frame, false for a continuation */
    Outcome frame(boolean first, boolean isText, byte[] payload, boolean last) {
        if (payload.length > maxFrameBytes) {
            return new TooBig("Frame of " + payload.length + " bytes exceeds " + maxFrameBytes);
        }
        if (first) {
            pending.reset();
            text = isText;
        }
        if (pending.size() + payload.length > maxMessageBytes) {
            return new TooBig("Message exceeds " + maxMessageBytes + " bytes");
        }
        pending.writeBytes(payload);
        if (!last) {
            return new Incomplete();
        }
        byte[] data = pending.toByteArray();
        pending.reset();
        return new Message(data, text);
    }

    static Optional<Message> message(Outcome outcome) {
        return outcome instanceof Message m ? Optional.of(m) : Optional.empty();
    }
}
