package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplyMessageTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
    private final InvocationMessage call = InvocationMessage.sync(
            "req", "corr", "reply", Duration.ofSeconds(3), "gateway", InvocationMessage.Context.NONE, NOW);

    @Test
    void successAndFailureRoundTrip() {
        ReplyMessage success = ReplyMessage.success(call, NOW);
        ReplyMessage failure = ReplyMessage.failure(call, NOW);
        assertThat(ReplyMessage.decode(success.encode())).contains(success);
        assertThat(ReplyMessage.decode(failure.encode())).contains(failure);
        assertThat(failure.functionError()).contains("Unhandled");
        assertThat(success.correlationId()).isEqualTo("corr");
        assertThat(success.executedVersion()).isEqualTo("$LATEST");
    }

    @Test
    void theLogTailTravelsWithTheReply() {
        ReplyMessage tailed = ReplyMessage.success(call, NOW).withLogResult("U1RBUlQ=");
        assertThat(tailed.encode().getHeaders()).containsEntry(InvocationHeaders.LOG_RESULT, "U1RBUlQ=");
        assertThat(ReplyMessage.decode(tailed.encode())).contains(tailed);
        assertThat(ReplyMessage.success(call, NOW).logResult()).isEmpty();
    }

    @Test
    void aMessageWithoutCorrelationIsNoReply() {
        assertThat(ReplyMessage.decode(new AMQP.BasicProperties())).isEmpty();
    }
}
