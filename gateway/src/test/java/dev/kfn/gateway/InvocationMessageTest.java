package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.kfn.contract.InvocationMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the gateway puts into a call beyond the contract's encoding, which contract's own tests cover. */
class InvocationMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-27T20:00:00.123Z");
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final InvocationMessage.Context CONTEXT =
            new InvocationMessage.Context(Optional.of("text/plain"), Optional.of("eyJ9"), Optional.of(TRACEPARENT));

    @Test
    void callMayWaitForAnInstanceOnlyWhileItCouldStillFinishBeforeItsCallerStopsWaiting() {
        Duration timeout = Duration.ofSeconds(3);
        Duration allowance = Duration.ofSeconds(30);

        AMQP.BasicProperties p = Invoker.callMessage("req", "corr", "kfn.reply.x.1", allowance, CONTEXT, NOW)
                .encode();
        InvocationMessage seenByHost = InvocationMessage.decode(p);

        assertThat(p.getExpiration()).isEqualTo("30000");
        Instant lastStartThatFinishesInTime =
                NOW.plus(Invoker.replyWait(timeout, allowance)).minus(timeout);
        assertThat(seenByHost.callerGone(lastStartThatFinishesInTime)).isFalse();
        assertThat(seenByHost.callerGone(lastStartThatFinishesInTime.plusSeconds(1)))
                .isTrue();
    }

    @Test
    void callComesFromTheGatewayWithTheCallersContextAndReplyAddress() {
        InvocationMessage call =
                Invoker.callMessage("req", "corr", "kfn.reply.x.1", Duration.ofSeconds(30), CONTEXT, NOW);

        assertThat(call.source()).isEqualTo(InvocationMessage.GATEWAY);
        assertThat(call.replyTo()).contains("kfn.reply.x.1");
        assertThat(call.correlationId()).contains("corr");
        assertThat(call.contentType()).isEqualTo("text/plain");
        assertThat(call.clientContext()).contains("eyJ9");
        assertThat(call.traceparent()).contains(TRACEPARENT);
    }
}
