package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.ClusterEventTrigger;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.ObjectStoreTrigger;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.TopicTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerCheckTest {

    private static final FunctionId FN = new FunctionId("shop", "orders");

    private static Trigger http() {
        Trigger trigger = new Trigger();
        HttpTrigger http = new HttpTrigger();
        http.setPath("/orders");
        trigger.setHttp(http);
        return trigger;
    }

    static Trigger schedule(String expression) {
        Trigger trigger = new Trigger();
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.setExpression(expression);
        trigger.setSchedule(schedule);
        return trigger;
    }

    private static Condition triggersReady(List<Trigger> triggers) {
        return TriggerCheck.of(FN, triggers, List.of())
                .report(new FunctionStatus())
                .condition(FunctionStatus.TRIGGERS_READY)
                .orElseThrow();
    }

    @Test
    void httpAndSchedulesAreServed() {
        Condition ready =
                triggersReady(List.of(http(), schedule("rate(5 minutes)"), schedule("cron(0 12 ? * MON-FRI *)")));
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(triggersReady(List.of()).getStatus()).isEqualTo("True");
    }

    @Test
    void aRouteTheGatewayDoesNotServeIsAnInvalidTriggerAfterTheSpecsOwnProblems() {
        String taken = "spec.triggers[0].routes[0] \"GET /orders/{id}\" is already served by Function orders-a";
        Condition ready = TriggerCheck.of(FN, List.of(http(), schedule("rate(0 minutes)")), List.of(taken))
                .report(new FunctionStatus())
                .condition(FunctionStatus.TRIGGERS_READY)
                .orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage()).startsWith("spec.triggers[1].schedule").endsWith(taken);
    }

    @Test
    void everyKindNotServedYetIsNamedByItsPlace() {
        Trigger topic = new Trigger();
        topic.setTopic(new TopicTrigger());
        Trigger stream = new Trigger();
        stream.setStream(new StreamTrigger());
        Trigger objectStore = new Trigger();
        objectStore.setObjectStore(new ObjectStoreTrigger());
        Trigger clusterEvent = new Trigger();
        clusterEvent.setClusterEvent(new ClusterEventTrigger());

        Condition ready = triggersReady(List.of(http(), topic, stream, objectStore, clusterEvent));
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_UNSUPPORTED_TRIGGER);
        assertThat(ready.getMessage())
                .isEqualTo("spec.triggers[1]: topic triggers are not supported yet;"
                        + " spec.triggers[2]: stream triggers are not supported yet;"
                        + " spec.triggers[3]: objectStore triggers are not supported yet;"
                        + " spec.triggers[4]: clusterEvent triggers are not supported yet");
    }

    @Test
    void queuesAreServedAndOneSetUpWronglyIsAnInvalidTriggerNamingItsField() {
        Trigger good = queue("shop.orders-in", 10, "0s");
        Trigger wide = queue("shop.orders-in", 100, "0s");
        assertThat(triggersReady(List.of(good)).getStatus()).isEqualTo("True");
        Condition ready = triggersReady(List.of(good, wide));
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage()).startsWith("spec.triggers[1].queue.batchWindow: a batchSize over 10");
    }

    private static Trigger queue(String name, int batchSize, String window) {
        QueueTrigger queue = new QueueTrigger();
        queue.setName(name);
        queue.setBatchSize(batchSize);
        queue.setBatchWindow(window);
        Trigger trigger = new Trigger();
        trigger.setQueue(queue);
        return trigger;
    }

    @Test
    void aScheduleThatCannotFireIsAnInvalidTriggerNamingItsField() {
        Condition ready = triggersReady(List.of(schedule("rate(5 minutes)"), schedule("cron(0 12 * * ?)")));
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage())
                .startsWith("spec.triggers[1].schedule.expression: cron(0 12 * * ?): has 5 fields");
    }

    @Test
    void anUnsupportedKindIsTheReasonWhenBothAreWrong() {
        Trigger topic = new Trigger();
        topic.setTopic(new TopicTrigger());
        Condition ready = triggersReady(List.of(schedule("cron(0 12 * * ?)"), topic));
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_UNSUPPORTED_TRIGGER);
        assertThat(ready.getMessage())
                .contains(
                        "spec.triggers[0].schedule.expression",
                        "spec.triggers[1]: topic triggers are not supported yet");
    }

    @Test
    void readyCarriesTheTriggerProblemWhenEverythingElseIsReady() {
        Trigger topic = new Trigger();
        topic.setTopic(new TopicTrigger());
        FunctionStatus status = new FunctionStatus().markDeploymentReady("ScaledToZero", "scaled to zero");
        TriggerCheck.of(FN, List.of(http(), topic), List.of()).report(status).markReadyFromParts();
        Condition ready = status.condition(FunctionStatus.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("UnsupportedTrigger");
        assertThat(ready.getMessage()).isEqualTo("spec.triggers[1]: topic triggers are not supported yet");
    }

    @Test
    void theQueueExampleIsValidAndServed() throws IOException {
        Function example;
        try (InputStream yaml = Files.newInputStream(Path.of("../examples/queue.yaml"))) {
            example = new KubernetesSerialization().unmarshal(yaml, Function.class);
        }
        assertThat(FunctionValidation.problems(example)).isEmpty();
        assertThat(TriggerCheck.of(
                                new FunctionId("default", "order-intake"),
                                example.getSpec().getTriggers(),
                                List.of())
                        .problems())
                .isEmpty();
    }

    @Test
    void theScheduledExampleIsValidAndEveryTriggerOfItIsServed() throws IOException {
        Function example;
        try (InputStream yaml = Files.newInputStream(Path.of("../examples/scheduled.yaml"))) {
            example = new KubernetesSerialization().unmarshal(yaml, Function.class);
        }
        assertThat(FunctionValidation.problems(example)).isEmpty();
        assertThat(example.getSpec().getTriggers()).hasSize(2);
        assertThat(TriggerCheck.of(FN, example.getSpec().getTriggers(), List.of())
                        .problems())
                .isEmpty();
    }
}
