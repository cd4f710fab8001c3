package dev.kfn.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.testsupport.EventSampleAssert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebSocketEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CONNECTED = Instant.parse("2026-12-02T06:00:00Z");
    private static final WebSocketEvent.Origin ORIGIN = new WebSocketEvent.Origin(
            "AAAAAAAAb3kJ8fW0yQ2kM5lS9aXx1Q",
            CONNECTED,
            "localhost:8080",
            "chat",
            "0123456789",
            "127.0.0.1",
            Optional.of("wscat"));

    /** {@code kfn events websocket} prints what a chat message routed to sendMessage becomes. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        byte[] built = WebSocketEvent.message(
                ORIGIN,
                "sendMessage",
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                "b9dc2f8a-5e61-4e3c-9c7e-0f2d6b1a4c90",
                "{\"action\":\"sendMessage\",\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8),
                true,
                CONNECTED.plusSeconds(12));
        EventSampleAssert.isTheSample(built, "websocket");
    }

    @Test
    void aDisconnectCarriesTheCloseStatusAndReason() throws Exception {
        JsonNode event = JSON.readTree(WebSocketEvent.disconnect(ORIGIN, "r-1", 4000, "bye", CONNECTED.plusSeconds(5)));

        assertThat(event.at("/requestContext/eventType").asText()).isEqualTo("DISCONNECT");
        assertThat(event.at("/requestContext/routeKey").asText()).isEqualTo("$disconnect");
        assertThat(event.at("/requestContext/disconnectStatusCode").asInt()).isEqualTo(4000);
        assertThat(event.at("/requestContext/disconnectReason").asText()).isEqualTo("bye");
        assertThat(event.at("/requestContext/connectedAt").asLong()).isEqualTo(CONNECTED.toEpochMilli());
        assertThat(event.at("/requestContext/requestTime").asText()).isEqualTo("02/Dec/2026:06:00:05 +0000");
    }

    @Test
    void aConnectJoinsRepeatedHeadersAndQueryKeys() throws Exception {
        JsonNode event = JSON.readTree(WebSocketEvent.connect(
                ORIGIN,
                "r-2",
                List.of(Map.entry("Host", "localhost:8080"), Map.entry("X-Dup", "1"), Map.entry("X-Dup", "2")),
                Map.of("room", List.of("a", "b")),
                CONNECTED));

        assertThat(event.at("/headers/X-Dup").asText()).isEqualTo("1,2");
        assertThat(event.at("/multiValueHeaders/X-Dup")).hasSize(2);
        assertThat(event.at("/queryStringParameters/room").asText()).isEqualTo("a,b");
        assertThat(event.at("/requestContext/identity/userAgent").asText()).isEqualTo("wscat");
    }

    @Test
    void aBinaryMessageIsBase64() throws Exception {
        JsonNode event = JSON.readTree(
                WebSocketEvent.message(ORIGIN, "$default", "r-3", "m-1", new byte[] {1, 2}, false, CONNECTED));

        assertThat(event.path("body").asText()).isEqualTo("AQI=");
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(event.at("/requestContext/messageId").asText()).isEqualTo("m-1");
    }
}
