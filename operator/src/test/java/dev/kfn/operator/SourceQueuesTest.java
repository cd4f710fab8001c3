package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.QueueTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceQueuesTest {

    private static final FunctionId FN = new FunctionId("shop", "orders");

    private static Trigger queue(String name, String deadLetters) {
        QueueTrigger queue = new QueueTrigger();
        queue.setName(name);
        if (deadLetters != null) {
            queue.setMaxReceiveCount(3);
            queue.setDeadLetterQueue(deadLetters);
        }
        Trigger trigger = new Trigger();
        trigger.setQueue(queue);
        return trigger;
    }

    private static final List<Trigger> TRIGGERS = List.of(
            TriggerCheckTest.schedule("rate(1 hour)"),
            queue("shop.orders-in", "shop.orders-dead"),
            // set up wrongly: TriggerCheck names it, and no one looks it up
            queue("billing.invoices", null),
            queue("shop.refunds", null));

    @Test
    void namesTheQueuesOfTheValidQueueTriggersWithTheirDeadLetterQueues() {
        assertThat(SourceQueues.named(FN, TRIGGERS))
                .containsExactly("shop.orders-in", "shop.orders-dead", "shop.refunds");
        assertThat(SourceQueues.named(FN, List.of(TriggerCheckTest.schedule("rate(1 hour)"))))
                .isEmpty();
    }

    @Test
    void eachQueueTheBrokerDoesNotHaveIsNamedByItsField() {
        assertThat(SourceQueues.missing(FN, TRIGGERS, Set.of("shop.orders-in"), "/"))
                .containsExactly(
                        "spec.triggers[1].queue.deadLetterQueue: queue shop.orders-dead does not exist in vhost /;"
                                + " create it and the trigger starts (kfn does not declare it)",
                        "spec.triggers[3].queue.name: queue shop.refunds does not exist in vhost /;"
                                + " create it and the trigger starts (kfn does not declare it)");
    }

    @Test
    void nothingIsMissingOnceEveryQueueExists() {
        assertThat(SourceQueues.missing(
                        FN, TRIGGERS, Set.of("shop.orders-in", "shop.orders-dead", "shop.refunds"), "/"))
                .isEmpty();
    }
}
