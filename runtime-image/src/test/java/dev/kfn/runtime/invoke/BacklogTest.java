package dev.kfn.runtime.invoke;

import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.runtime.broker.InvocationDelivery;
import dev.kfn.runtime.broker.UnfinishedDeliveries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogTest {

    private static InvocationDelivery delivery(InvocationKind kind, long tag) {
        InvocationMessage message = kind == InvocationKind.SYNC
            ? InvocationMessage.sync("call-" + tag, "call-" + tag, "replies", Duration.ofSeconds(10), "test",
                InvocationMessage.Context.NONE, Instant.now())
            : InvocationMessage.event("event-" + tag, "test", InvocationMessage.Context.NONE, Instant.now());
        return new InvocationDelivery(tag, "queue", message, new byte[0], Optional.empty(), UnfinishedDeliveries.NONE, null);
    }

    @Test
    void waitingCallersGoBeforeEvents() throws Exception {
        Backlog backlog = new Backlog();
        backlog.offer(delivery(InvocationKind.ASYNC, 1));
        backlog.offer(delivery(InvocationKind.SYNC, 2));
        backlog.offer(delivery(InvocationKind.ASYNC, 3));

        assertThat(backlog.take().orElseThrow().deliveryTag()).isEqualTo(2);
        assertThat(backlog.take().orElseThrow().deliveryTag()).isEqualTo(1);
        assertThat(backlog.take().orElseThrow().deliveryTag()).isEqualTo(3);
    }

    @Test
    void closingHandsBackWhatNeverStartedAndRefusesMore() throws Exception {
        Backlog backlog = new Backlog();
        backlog.offer(delivery(InvocationKind.SYNC, 1));
        backlog.offer(delivery(InvocationKind.ASYNC, 2));

        assertThat(backlog.close()).extracting(InvocationDelivery::deliveryTag).containsExactly(1L, 2L);
        assertThat(backlog.offer(delivery(InvocationKind.SYNC, 3))).isFalse();
        assertThat(backlog.take()).isEmpty();
    }
}
