package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class QueueSourceTest {

    private static final FunctionId FN = new FunctionId("shop", "orders");

    private static QueueSource read(Consumer<QueueTrigger> change) {
        QueueTrigger trigger = new QueueTrigger();
        trigger.setName("shop.orders-in");
        change.accept(trigger);
        return QueueSource.read(FN, 2, trigger);
    }

    @Test
    void defaultsAreLambdas() {
        QueueSource source = read(t -> {});
        assertThat(source.batchSize()).isEqualTo(10);
        assertThat(source.batchWindow()).isZero();
        assertThat(source.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(source.reportBatchItemFailures()).isFalse();
        assertThat(source.maxReceiveCount()).isEmpty();
        assertThat(source.deadLetterQueue()).isEmpty();
    }

    @Test
    void aBatchOverTenNeedsAWindowOfASecond() {
        assertThatThrownBy(() -> read(t -> t.setBatchSize(11)))
                .hasMessage("spec.triggers[2].queue.batchWindow: a batchSize over 10 needs a batchWindow of at least"
                        + " 1s, as in Lambda");
        assertThat(read(t -> {
                            t.setBatchSize(10_000);
                            t.setBatchWindow("1s");
                        })
                        .batchSize())
                .isEqualTo(10_000);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> read(t -> t.setName(null))).hasMessageStartingWith("spec.triggers[2].queue.name");
        assertThatThrownBy(() -> read(t -> t.setName("kfn.shop.other.async")))
                .hasMessageContaining("one of kfn's own queues");
        assertThatThrownBy(() -> read(t -> t.setBatchWindow("301s")))
                .hasMessage("spec.triggers[2].queue.batchWindow: 301s is over 300s");
        assertThatThrownBy(() -> read(t -> t.setBatchWindow("9999999999999999h")))
                .hasMessageStartingWith("spec.triggers[2].queue.batchWindow");
        assertThatThrownBy(() -> read(t -> t.setMaximumConcurrency(1)))
                .hasMessageStartingWith("spec.triggers[2].queue.maximumConcurrency");
        assertThatThrownBy(() -> read(t -> t.setMaxReceiveCount(3))).hasMessageContaining("go together");
        assertThatThrownBy(() -> read(t -> {
                    t.setMaxReceiveCount(3);
                    t.setDeadLetterQueue("shop.orders-in");
                }))
                .hasMessageContaining("is the queue it gives up from");
        assertThatThrownBy(() -> read(t -> t.setName("payroll.salaries")))
                .hasMessage("spec.triggers[2].queue.name: payroll.salaries is not a queue of namespace shop; its"
                        + " queues are named shop.<name>");
        assertThatThrownBy(() -> read(t -> {
                    t.setMaxReceiveCount(3);
                    t.setDeadLetterQueue("payroll.dead");
                }))
                .hasMessageStartingWith("spec.triggers[2].queue.deadLetterQueue: payroll.dead is not a queue of");
    }
}
