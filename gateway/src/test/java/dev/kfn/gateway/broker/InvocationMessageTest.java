package dev.kfn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvocationMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-27T20:00:00.123Z");
    private static final InvocationMessage.Context CONTEXT =
        new InvocationMessage.Context(Optional.empty(), Optional.of("eyJ9"), Optional.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

    @Test
    void syncCallCarriesReplyAddressAndExpiresWhenItCouldNoLongerFinishInTime() {
        AMQP.BasicProperties p = InvocationMessage.sync("req", "corr", "kfn.reply.x", Duration.ofSeconds(33), CONTEXT, NOW);

        assertThat(p.getMessageId()).isEqualTo("req");
        assertThat(p.getCorrelationId()).isEqualTo("corr");
        assertThat(p.getReplyTo()).isEqualTo("kfn.reply.x");
        assertThat(p.getExpiration()).isEqualTo("33000");
        assertThat(p.getDeliveryMode()).isEqualTo(1);
        assertThat(p.getContentType()).isEqualTo("application/json");
        assertThat(p.getHeaders()).containsEntry("kfn-invocation-type", "RequestResponse").containsEntry("kfn-source", "gateway")
            .containsEntry("kfn-client-context", "eyJ9").containsKey("traceparent").doesNotContainKey("kfn-attempt");
    }

    @Test
    void eventIsPersistentFirstAttemptEnqueuedNowAndNeverExpires() {
        AMQP.BasicProperties p = InvocationMessage.async("req", new InvocationMessage.Context(Optional.of("text/plain"),
            Optional.empty(), Optional.empty()), NOW);

        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getExpiration()).isNull();
        assertThat(p.getReplyTo()).isNull();
        assertThat(p.getContentType()).isEqualTo("text/plain");
        assertThat(p.getHeaders()).containsEntry("kfn-invocation-type", "Event").containsEntry("kfn-attempt", 1)
            .containsEntry("kfn-enqueued-at", NOW.toEpochMilli()).doesNotContainKey("kfn-client-context");
    }
}
