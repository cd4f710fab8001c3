package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvocationMessageTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final InvocationMessage.Context CONTEXT =
            new InvocationMessage.Context(Optional.of("text/plain"), Optional.of("eyJ9"), Optional.of("00-abc-def-01"));

    @Test
    void syncCallRoundTrips() {
        InvocationMessage call = InvocationMessage.sync(
                "req-1", "corr-1", "kfn.reply.x", Duration.ofSeconds(33), "gateway", CONTEXT, NOW);
        assertThat(InvocationMessage.decode(call.encode())).isEqualTo(call);
        AMQP.BasicProperties wire = call.encode();
        assertThat(wire.getExpiration()).isEqualTo("33000");
        assertThat(wire.getDeliveryMode()).isEqualTo(1);
        assertThat(wire.getHeaders()).containsEntry(InvocationHeaders.INVOCATION_TYPE, "RequestResponse");
        assertThat(wire.getTimestamp().toInstant()).isEqualTo(Instant.parse("2026-12-01T10:15:30Z"));
    }

    @Test
    void aSyncCallAsksForItsLogTailAndAnEventNever() {
        InvocationMessage.Context tail =
                new InvocationMessage.Context(Optional.empty(), Optional.empty(), Optional.empty(), true);
        InvocationMessage call =
                InvocationMessage.sync("req-3", "corr-3", "kfn.reply.x", Duration.ofSeconds(3), "gateway", tail, NOW);
        assertThat(call.encode().getHeaders()).containsEntry(InvocationHeaders.LOG_TYPE, "Tail");
        assertThat(InvocationMessage.decode(call.encode()).tailLog()).isTrue();
        assertThat(InvocationMessage.event("req-4", "gateway", tail, NOW).tailLog())
                .isFalse();
        assertThat(InvocationMessage.sync(
                                "req-5", "corr-5", "kfn.reply.x", Duration.ofSeconds(3), "gateway", CONTEXT, NOW)
                        .encode()
                        .getHeaders())
                .doesNotContainKey(InvocationHeaders.LOG_TYPE);
    }

    @Test
    void eventRoundTripsAndIsPersistent() {
        InvocationMessage event = InvocationMessage.event("req-2", "function:a/b", InvocationMessage.Context.NONE, NOW);
        assertThat(InvocationMessage.decode(event.encode())).isEqualTo(event);
        assertThat(event.encode().getDeliveryMode()).isEqualTo(2);
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.enqueuedAt()).isEqualTo(NOW);
    }

    @Test
    void retryKeepsIdentityAndFirstPublishAndCountsTheAttempt() {
        InvocationMessage retry =
                InvocationMessage.event("req-3", "gateway", CONTEXT, NOW).retry(Duration.ofMinutes(1));
        InvocationMessage read = InvocationMessage.decode(retry.encode());
        assertThat(read).isEqualTo(retry);
        assertThat(read.attempt()).isEqualTo(2);
        assertThat(read.enqueuedAt()).isEqualTo(NOW);
        assertThat(retry.encode().getExpiration()).isEqualTo("60000");
    }

    @Test
    void deadLetterCarriesReasonAndErrorAndNoExpiration() {
        InvocationMessage retry =
                InvocationMessage.event("req-4", "gateway", CONTEXT, NOW).retry(Duration.ofMinutes(1));
        AMQP.BasicProperties dead = retry.encodeDeadLetter("RetriesExhausted", Optional.of("{\"errorType\":\"X\"}"));
        assertThat(dead.getExpiration()).isNull();
        assertThat(dead.getHeaders())
                .containsEntry(InvocationHeaders.DEAD_LETTER_REASON, "RetriesExhausted")
                .containsEntry(InvocationHeaders.FUNCTION_ERROR, "Unhandled")
                .containsEntry(InvocationHeaders.ERROR, "{\"errorType\":\"X\"}");
        assertThat(InvocationMessage.decode(dead).requestId()).isEqualTo("req-4");
    }

    @Test
    void callerIsGoneOnlyAfterTheWholeSecondAndTheWait() {
        InvocationMessage call = InvocationMessage.sync("r", "c", "q", Duration.ofSeconds(2), "gateway", CONTEXT, NOW);
        assertThat(call.callerGone(Instant.parse("2026-12-01T10:15:32.998Z"))).isFalse();
        assertThat(call.callerGone(Instant.parse("2026-12-01T10:15:33.000Z"))).isTrue();
    }

    @Test
    void readsAHandWrittenMessage() {
        InvocationMessage read = InvocationMessage.decode(new AMQP.BasicProperties.Builder()
                .replyTo("q")
                .correlationId("c")
                .build());
        assertThat(read.kind()).isEqualTo(InvocationKind.SYNC);
        assertThat(read.requestId()).isEqualTo("c");
        assertThat(read.attempt()).isEqualTo(1);
    }
}
