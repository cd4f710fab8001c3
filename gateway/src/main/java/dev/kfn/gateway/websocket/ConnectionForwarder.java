package dev.kfn.gateway.websocket;

import java.util.concurrent.CompletableFuture;

/** Carries a connection API call to the replica that holds the connection. */
public interface ConnectionForwarder {

    /** Never fails: a call that cannot reach its replica is answered 410 (or 503 while the broker is away). */
    CompletableFuture<ConnectionAnswer> forward(ConnectionRequest request, String replica);
}
