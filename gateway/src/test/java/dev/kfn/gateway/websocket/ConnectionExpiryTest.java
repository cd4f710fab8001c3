package dev.kfn.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** API Gateway's two WebSocket limits, at its defaults: 10 minutes idle, 2 hours in all. */
class ConnectionExpiryTest {

    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final Instant OPENED = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aConnectionQuietForTheIdleTimeoutCloses() {
        Instant lastFrame = OPENED.plusSeconds(60);

        assertThat(LocalConnections.expiry(OPENED, lastFrame, lastFrame.plus(IDLE), IDLE, LIFETIME))
                .isEmpty();
        assertThat(LocalConnections.expiry(
                        OPENED, lastFrame, lastFrame.plus(IDLE).plusSeconds(1), IDLE, LIFETIME))
                .hasValue("Connection idle for PT10M");
    }

    @Test
    void aBusyConnectionStillClosesAtItsMaximumLifetime() {
        Instant end = OPENED.plus(LIFETIME).plusSeconds(1);

        assertThat(LocalConnections.expiry(OPENED, end.minusSeconds(1), end, IDLE, LIFETIME))
                .hasValue("Connection reached its maximum lifetime of PT2H");
        assertThat(LocalConnections.expiry(OPENED, end, OPENED.plus(LIFETIME), IDLE, LIFETIME))
                .isEmpty();
    }
}
