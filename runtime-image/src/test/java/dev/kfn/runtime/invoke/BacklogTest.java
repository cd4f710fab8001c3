package dev.kfn.runtime.invoke;

import com.rabbitmq.client.AMQP;
import dev.kfn.runtime.broker.Delivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogTest {

    private static Delivery delivery(Invocation.Kind kind, long tag) {
        return new Delivery(new Invocation(kind, tag, new AMQP.BasicProperties(), new byte[0]), null);
    }

    @Test
    void waitingCallersGoBeforeEvents() throws Exception {
        Backlog backlog = new Backlog();
        backlog.offer(delivery(Invocation.Kind.ASYNC, 1));
        backlog.offer(delivery(Invocation.Kind.SYNC, 2));
        backlog.offer(delivery(Invocation.Kind.ASYNC, 3));

        assertThat(backlog.take().orElseThrow().invocation().deliveryTag()).isEqualTo(2);
        assertThat(backlog.take().orElseThrow().invocation().deliveryTag()).isEqualTo(1);
        assertThat(backlog.take().orElseThrow().invocation().deliveryTag()).isEqualTo(3);
    }

    @Test
    void closingHandsBackWhatNeverStartedAndRefusesMore() throws Exception {
        Backlog backlog = new Backlog();
        backlog.offer(delivery(Invocation.Kind.SYNC, 1));
        backlog.offer(delivery(Invocation.Kind.ASYNC, 2));

        assertThat(backlog.close()).extracting(d -> d.invocation().deliveryTag()).containsExactly(1L, 2L);
        assertThat(backlog.offer(delivery(Invocation.Kind.SYNC, 3))).isFalse();
        assertThat(backlog.take()).isEmpty();
    }
}
