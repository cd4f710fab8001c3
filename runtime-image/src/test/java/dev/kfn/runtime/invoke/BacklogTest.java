package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.runtime.broker.InvocationDelivery;
import dev.kfn.runtime.broker.UnfinishedDeliveries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BacklogTest {

    private static InvocationDelivery delivery(InvocationKind kind, long tag) {
        InvocationMessage message = kind == InvocationKind.SYNC
                ? InvocationMessage.sync(
                        "call-" + tag,
                        "call-" + tag,
                        "replies",
                        Duration.ofSeconds(10),
                        "test",
                        InvocationMessage.Context.NONE,
                        Instant.now())
                : InvocationMessage.event("event-" + tag, "test", InvocationMessage.Context.NONE, Instant.now());
        return new InvocationDelivery(
                tag, "queue", message, new byte[0], Optional.empty(), UnfinishedDeliveries.NONE, null);
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
    void everyInvocationOfferedWhileSlotsWaitIsTaken() throws Exception {
        Backlog backlog = new Backlog();
        AtomicInteger taken = new AtomicInteger();
        List<Thread> slots = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread slot = new Thread(() -> {
                try {
                    while (backlog.take().isPresent()) {
                        taken.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            slot.start();
            slots.add(slot);
        }
        for (int i = 0; i < 5_000; i++) {
            backlog.offer(delivery(i % 3 == 0 ? InvocationKind.SYNC : InvocationKind.ASYNC, i));
        }
        // one wake per offer: a lost wake-up would leave invocations behind while slots sleep
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.get() == 5_000);
        backlog.close();
        for (Thread slot : slots) {
            slot.join(10_000);
            assertThat(slot.isAlive()).isFalse();
        }
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
