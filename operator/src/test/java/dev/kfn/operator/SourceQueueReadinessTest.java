package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A queue trigger whose queue the broker does not have, against the real broker: TriggersReady names it while the
 * function's other triggers fire, and turns True once the queue is created, with no change to the Function.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class SourceQueueReadinessTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private Condition condition(FunctionId id, String type) {
        return Optional.ofNullable(client.resources(Function.class)
                        .inNamespace(id.namespace())
                        .withName(id.name())
                        .get())
                .map(Function::getStatus)
                .flatMap(status -> status.condition(type))
                .orElse(null);
    }

    @Test
    void aQueueThatDoesNotExistIsNamedWhileTheScheduleFiresUntilTheQueueIsCreated() throws Exception {
        String source = namespace + ".orders-in";
        Trigger schedule = new Trigger();
        ScheduleTrigger hourly = new ScheduleTrigger();
        hourly.setExpression("rate(1 hour)");
        schedule.setSchedule(hourly);
        Trigger queue = new Trigger();
        QueueTrigger orders = new QueueTrigger();
        orders.setName(source);
        queue.setQueue(orders);
        FunctionId id = id("intake");
        TestFunctions.create(client, TestFunctions.java(id, spec -> spec.setTriggers(List.of(schedule, queue))));

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(id, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[1].queue.name: queue " + source + " does not exist in vhost /; create"
                            + " it and the trigger starts (kfn does not declare it)");
            assertThat(condition(id, FunctionStatus.READY).getStatus()).isEqualTo("False");
            assertThat(condition(id, FunctionStatus.QUEUE_READY).getStatus()).isEqualTo("True");
        });

        // the schedule is not held back: its first firing reaches the function's queue
        try (Channel channel = amqp.createChannel()) {
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                var firing = channel.basicGet(id.queues().async(), true);
                assertThat(firing).isNotNull();
                assertThat(firing.getProps().getHeaders().get(InvocationHeaders.SOURCE))
                        .hasToString("schedule:0");
            });

            channel.queueDeclare(source, true, false, false, null);
            try {
                await().atMost(WITHIN)
                        .untilAsserted(() -> assertThat(condition(id, FunctionStatus.TRIGGERS_READY)
                                        .getStatus())
                                .isEqualTo("True"));
            } finally {
                channel.queueDelete(source);
            }
        }
    }
}
