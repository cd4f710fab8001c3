package dev.kfn.gateway.websocket;

/** A connection API call as the holding replica serves it, here or through the broker. */
public record ConnectionRequest(Operation operation, String connectionId, String namespace, byte[] data) {

    public enum Operation {
        SEND,
        DESCRIBE,
        CLOSE
    }
}
