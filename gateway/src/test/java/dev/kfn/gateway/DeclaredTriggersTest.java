package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.QueueSource;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredTriggersTest {

    private static Trigger queue(String name) {
        QueueTrigger queue = new QueueTrigger();
        queue.setName(name);
        Trigger trigger = new Trigger();
        trigger.setQueue(queue);
        return trigger;
    }

    private static Trigger schedule() {
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.setExpression("rate(1 minute)");
        Trigger trigger = new Trigger();
        trigger.setSchedule(schedule);
        return trigger;
    }

    private static Function withTriggers(FunctionId id, Trigger... triggers) {
        return TestFunctions.java(id, spec -> spec.setTriggers(Arrays.asList(triggers)));
    }

    private static Map<DeclaredTriggers.Key, QueueSource> queues(Function... functions) {
        return DeclaredTriggers.of(List.of(functions), Trigger::getQueue, QueueSource::read);
    }

    @Test
    void eachTriggerOfTheKindIsReadUnderItsFunctionAndItsIndex() {
        FunctionId orders = new FunctionId("shop", "orders");

        Map<DeclaredTriggers.Key, QueueSource> read =
                queues(withTriggers(orders, schedule(), null, queue("shop.orders-in")));

        assertThat(read).containsOnlyKeys(new DeclaredTriggers.Key("shop", "orders", 2));
        assertThat(read.values())
                .singleElement()
                .satisfies(source -> assertThat(source.queue()).isEqualTo("shop.orders-in"));
    }

    @Test
    void aTriggerThatDoesNotReadIsLeftOutAndTheOthersOfItsFunctionStay() {
        FunctionId orders = new FunctionId("shop", "orders");

        assertThat(queues(withTriggers(orders, queue(""), queue("shop.orders-in"))))
                .containsOnlyKeys(new DeclaredTriggers.Key("shop", "orders", 1));
    }

    @Test
    void aFunctionWhoseSpecIsInvalidDeclaresNothing() {
        Function invalid = withTriggers(new FunctionId("shop", "broken"), queue("shop.broken-in"));
        invalid.setStatus(new FunctionStatus().markInvalidSpec(List.of("spec.memory: 7 is below 128")));
        Function fine = withTriggers(new FunctionId("shop", "orders"), queue("shop.orders-in"));

        assertThat(queues(invalid, fine)).containsOnlyKeys(new DeclaredTriggers.Key("shop", "orders", 0));
    }
}
