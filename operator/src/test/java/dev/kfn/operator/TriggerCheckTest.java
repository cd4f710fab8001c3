package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.ClusterEventTrigger;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.ObjectStoreTrigger;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Stream;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.TopicTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.api.WebSocketTrigger;
import dev.kfn.api.websocket.WebSocketApiTable;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
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

    private static Trigger websocket() {
        Trigger trigger = new Trigger();
        WebSocketTrigger websocket = new WebSocketTrigger();
        websocket.setPath("/chat");
        websocket.setRoutes(List.of("sendMessage"));
        trigger.setWebsocket(websocket);
        return trigger;
    }

    @Test
    void websocketApisAreServedAndAPathAnotherFunctionServesIsAnInvalidTrigger() {
        assertThat(triggersReady(List.of(websocket(), http())).getStatus()).isEqualTo("True");
        Function later = function("later", "2026-12-01T10:00:01Z");
        List<String> problems = WebSocketApiTable.of(List.of(later, function("first", "2026-12-01T10:00:00Z")))
                .problems()
                .get(later.id());

        Condition ready = TriggerCheck.of(later.id(), later.getSpec().getTriggers(), problems)
                .report(new FunctionStatus())
                .condition(FunctionStatus.TRIGGERS_READY)
                .orElseThrow();

        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage())
                .isEqualTo("spec.triggers[0].websocket.path \"/chat\" is already served by Function first (created"
                        + " earlier); this trigger is not served");
    }

    private static Function function(String name, String created) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withNamespace("shop")
                .withName(name)
                .withCreationTimestamp(created)
                .build());
        FunctionSpec spec = new FunctionSpec();
        spec.setTriggers(List.of(websocket()));
        fn.setSpec(spec);
        return fn;
    }

    @Test
    void streamsAreServedAndOneSetUpWronglyIsAnInvalidTriggerNamingItsField() {
        StreamTrigger clicks = new StreamTrigger();
        clicks.setName("clicks");
        Trigger good = new Trigger();
        good.setStream(clicks);
        assertThat(triggersReady(List.of(good)).getStatus()).isEqualTo("True");
        Trigger stream = new Trigger();
        stream.setStream(new StreamTrigger());

        Condition ready = triggersReady(List.of(http(), stream));
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage()).isEqualTo("spec.triggers[1].stream.name: names the Stream to read");
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

    @Test
    void objectStoresAreServedAndAnEventThatIsNotS3sIsAnInvalidTriggerNamingItsField() {
        Trigger good = objectStore("photos", List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"));
        Trigger misspelt = objectStore("photos", List.of("s3:ObjectCreated:Put", "s3:ObjectDeleted:*"));
        assertThat(triggersReady(List.of(http(), good)).getStatus()).isEqualTo("True");
        Condition ready = triggersReady(List.of(good, misspelt));
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage())
                .startsWith("spec.triggers[1].objectStore.events[1]: s3:ObjectDeleted:* is not an S3 event type");
        Condition badBucket = triggersReady(List.of(objectStore("Photos_2026", List.of())));
        assertThat(badBucket.getMessage())
                .startsWith("spec.triggers[0].objectStore.bucket: Photos_2026 is not a bucket name");
    }

    private static Trigger objectStore(String bucket, List<String> events) {
        ObjectStoreTrigger objectStore = new ObjectStoreTrigger();
        objectStore.setBucket(bucket);
        objectStore.setEvents(events);
        Trigger trigger = new Trigger();
        trigger.setObjectStore(objectStore);
        return trigger;
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
    void topicsAreServedAndAPolicyThatCannotParseIsNamedByItsPlace() throws IOException {
        TopicTrigger good = new TopicTrigger();
        good.setName("orders");
        TopicTrigger bad = new TopicTrigger();
        bad.setName("orders");
        bad.setFilterPolicy(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"price\": [{\"between\": 1}]}"));
        Trigger first = new Trigger();
        first.setTopic(good);
        Trigger second = new Trigger();
        second.setTopic(bad);
        assertThat(triggersReady(List.of(first)).getStatus()).isEqualTo("True");
        Condition ready = triggersReady(List.of(first, second));
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage())
                .startsWith("spec.triggers[1].topic.filterPolicy.price[0].between: unknown operator");
    }

    @Test
    void aScheduleThatCannotFireIsAnInvalidTriggerNamingItsField() {
        Condition ready = triggersReady(List.of(schedule("rate(5 minutes)"), schedule("cron(0 12 * * ?)")));
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage())
                .startsWith("spec.triggers[1].schedule.expression: cron(0 12 * * ?): has 5 fields");
    }

    @Test
    void readyCarriesTheTriggerProblemWhenEverythingElseIsReady() {
        Trigger stream = new Trigger();
        stream.setStream(new StreamTrigger());
        FunctionStatus status = new FunctionStatus().markDeploymentReady("ScaledToZero", "scaled to zero");
        TriggerCheck.of(FN, List.of(http(), stream), List.of()).report(status).markReadyFromParts();
        Condition ready = status.condition(FunctionStatus.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidTrigger");
        assertThat(ready.getMessage()).isEqualTo("spec.triggers[1].stream.name: names the Stream to read");
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

    @Test
    void theStreamExampleIsValidAndServedOnceItsStreamExists() throws IOException {
        String[] documents =
                Files.readString(Path.of("../examples/clicks.yaml")).split("\n---\n");
        KubernetesSerialization serialization = new KubernetesSerialization();
        Stream stream = serialization.unmarshal(documents[0], Stream.class);
        Function example = serialization.unmarshal(documents[1], Function.class);
        example.getMetadata().setNamespace("default");
        assertThat(FunctionValidation.problems(example)).isEmpty();
        assertThat(TriggerCheck.of(
                                new FunctionId("default", "click-counter"),
                                example.getSpec().getTriggers(),
                                StreamReaders.missing(
                                        example, Set.of(stream.getMetadata().getName())))
                        .problems())
                .isEmpty();
        assertThat(StreamReaders.missing(example, Set.of())).hasSize(1);
    }

    private static Trigger clusterEvent(Consumer<ClusterEventTrigger> setup) {
        ClusterEventTrigger watch = new ClusterEventTrigger();
        watch.setApiVersion("v1");
        watch.setKind("Event");
        setup.accept(watch);
        Trigger trigger = new Trigger();
        trigger.setClusterEvent(watch);
        return trigger;
    }

    @Test
    void clusterEventsAreServedAndOneSetUpWronglyIsAnInvalidTriggerNamingItsField() {
        assertThat(triggersReady(List.of(clusterEvent(w -> {
                            w.setLabelSelector("app=web, tier notin (db,cache), !canary, env");
                            w.setEventTypes(List.of("ADDED", "DELETED"));
                            w.setReasons(List.of("BackOff"));
                            w.setTypes(List.of("Warning"));
                        })))
                        .getStatus())
                .isEqualTo("True");
        Condition ready = triggersReady(List.of(
                clusterEvent(w -> w.setEventTypes(List.of("CREATED"))),
                clusterEvent(w -> w.setTypes(List.of("Error"))),
                clusterEvent(w -> w.setLabelSelector("app=web,=x")),
                clusterEvent(w -> {
                    w.setKind("Pod");
                    w.setReasons(List.of("BackOff"));
                })));
        assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
        assertThat(ready.getMessage())
                .isEqualTo("spec.triggers[0].clusterEvent.eventTypes[0]: \"CREATED\" is not ADDED, MODIFIED or DELETED;"
                        + " spec.triggers[1].clusterEvent.types[0]: \"Error\" is not Normal or Warning;"
                        + " spec.triggers[2].clusterEvent.labelSelector: \"=x\" is not a label selector requirement"
                        + " (key, !key, key=value, key!=value, key in (a,b), key notin (a,b));"
                        + " spec.triggers[3].clusterEvent: reasons and types filter core Events only (apiVersion v1,"
                        + " kind Event), not v1 Pod");
    }
}
