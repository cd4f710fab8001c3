package dev.kfn.gateway.websocket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The WebSocket APIs' limits, API Gateway's by default; {@code KFN_GATEWAY_WEBSOCKET_X_Y} sets {@code x-y}. */
@ConfigMapping(prefix = "kfn.gateway.websocket")
public interface WebSocketConfig {

    /** A frame from a client beyond this closes its connection with 1009. */
    @WithDefault("32768")
    int maxFrameBytes();

    /** A message (its frames together) from a client, or one sent to it, beyond this: 1009, or 413 to a sender. */
    @WithDefault("131072")
    int maxMessageBytes();

    /** A connection with no message either way for this long is closed (1001). */
    @WithDefault("10m")
    Duration idleTimeout();

    /** A connection is closed (1001) this long after it opened, however busy. */
    @WithDefault("2h")
    Duration maxLifetime();

    /** How long a send, describe or close waits for the replica holding the connection; then 410. */
    @WithDefault("5s")
    Duration relayTimeout();
}
