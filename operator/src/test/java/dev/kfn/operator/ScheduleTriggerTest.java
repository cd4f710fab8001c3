package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.ScheduleStatus;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Stream;
import dev.kfn.api.StreamSpec;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.api.WebSocketTrigger;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.WakeMessage;
import dev.kfn.operator.schedule.FiringId;
import dev.kfn.operator.schedule.Scheduler;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Schedule triggers in the operator against the mock API server and the real RabbitMQ: what a firing puts on the
 * function's queue, one firing per time across a restart of the scheduler, retries, and triggers that cannot fire.
 * Time is the operator's {@link AdjustableClock}, moved ahead instead of waited for.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class ScheduleTriggerTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Inject
    AdjustableClock clock;

    @Inject
    Scheduler scheduler;

    private static Trigger schedule(String expression) {
        Trigger trigger = new Trigger();
        ScheduleTrigger schedule = new ScheduleTrigger();
        schedule.setExpression(expression);
        trigger.setSchedule(schedule);
        return trigger;
    }

    private FunctionId create(String name, Trigger... triggers) {
        TestFunctions.create(client, TestFunctions.java(id(name), spec -> spec.setTriggers(List.of(triggers))));
        return id(name);
    }

    private Function get(FunctionId id) {
        return client.resources(Function.class)
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    private Optional<ScheduleStatus> scheduleStatus(FunctionId id, int trigger) {
        return Optional.ofNullable(get(id))
                .map(Function::getStatus)
                .map(FunctionStatus::getSchedules)
                .orElse(List.of())
                .stream()
                .filter(s -> s.getTrigger() == trigger)
                .findFirst();
    }

    private Condition condition(FunctionId id, String type) {
        return Optional.ofNullable(get(id))
                .map(Function::getStatus)
                .flatMap(s -> s.condition(type))
                .orElse(null);
    }

    /** The next message on the function's asynchronous queue. */
    private GetResponse nextFiring(FunctionId id) throws Exception {
        AtomicReference<GetResponse> got = new AtomicReference<>();
        try (Channel channel = amqp.createChannel()) {
            await().atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> queueExists(id.queues().async())
                            && got.compareAndSet(
                                    null, channel.basicGet(id.queues().async(), true))
                            && got.get() != null);
        }
        return got.get();
    }

    private long waiting(FunctionId id) throws Exception {
        try (Channel channel = amqp.createChannel()) {
            return channel.queueDeclarePassive(id.queues().async()).getMessageCount();
        }
    }

    private static ScheduledEvent event(GetResponse message) {
        return ScheduledEvents.read(message.getBody());
    }

    private static Instant time(ScheduledEvent event) {
        return ScheduledEvents.time(event);
    }

    @Test
    void firesOntoTheAsyncQueueAsAScheduledEventAndWakesTheFunction() throws Exception {
        try (Channel wakes = amqp.createChannel()) {
            String wakeQueue = wakes.queueDeclare().getQueue();
            wakes.queueBind(wakeQueue, Exchange.WAKE.exchangeName(), "");
            FunctionId id = create("hourly", schedule("rate(1 hour)"));

            // a rate with no start date starts at once, as EventBridge Scheduler's does
            GetResponse first = nextFiring(id);
            ScheduledEvent event = event(first);
            assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
            assertThat(event.getSource()).isEqualTo("aws.events");
            assertThat(event.getAccount()).isEqualTo(namespace);
            assertThat(event.getRegion()).isEqualTo("us-east-1");
            assertThat(event.getResources())
                    .containsExactly("arn:aws:scheduler:us-east-1:" + namespace + ":schedule/hourly/trigger-0");
            assertThat(event.getDetail()).isEmpty();
            assertThat(event.getId()).isEqualTo(FiringId.of(id, 0, time(event)).toString());
            assertThat(first.getProps().getMessageId()).isEqualTo(event.getId());
            assertThat(first.getProps().getDeliveryMode()).isEqualTo(2);
            Map<String, Object> headers = first.getProps().getHeaders();
            assertThat(headers.get(InvocationHeaders.INVOCATION_TYPE)).hasToString("Event");
            assertThat(headers.get(InvocationHeaders.SOURCE)).hasToString("schedule:0");

            await().atMost(WITHIN).untilAsserted(() -> {
                GetResponse wake = wakes.basicGet(wakeQueue, true);
                assertThat(wake).isNotNull();
                assertThat(WakeMessage.decode(wake.getBody())).contains(id);
            });
            await().atMost(WITHIN)
                    .untilAsserted(() -> assertThat(scheduleStatus(id, 0)).hasValueSatisfying(s -> {
                        assertThat(s.getLastFiringId()).isEqualTo(event.getId());
                        assertThat(s.getLastFiring()).isEqualTo(time(event).toString());
                        assertThat(s.getNextFiring())
                                .isEqualTo(time(event).plus(Duration.ofHours(1)).toString());
                        assertThat(s.getLastFiringLate()).isNull();
                    }));

            clock.advance(Duration.ofHours(1));
            ScheduledEvent second = event(nextFiring(id));
            assertThat(time(second)).isEqualTo(time(event).plus(Duration.ofHours(1)));
            assertThat(second.getId()).isNotEqualTo(event.getId());
            assertThat(second.getDetail()).as("on time").isEmpty();
        }
    }

    @Test
    void aRestartedSchedulerFiresTheMissedTimesOnceAndSaysItIsLate() throws Exception {
        FunctionId id = create("restarted", schedule("rate(1 hour)"));
        ScheduledEvent first = event(nextFiring(id));
        await().atMost(WITHIN)
                .until(() -> scheduleStatus(id, 0)
                        .map(s -> first.getId().equals(s.getLastFiringId()))
                        .orElse(false));

        // down across three scheduled times; it comes back with nothing but what status recorded
        scheduler.stop();
        try {
            clock.advance(Duration.ofHours(3).plusMinutes(10));
        } finally {
            scheduler.start();
            scheduler.lead(true);
        }

        ScheduledEvent late = event(nextFiring(id));
        assertThat(time(late)).isEqualTo(time(first).plus(Duration.ofHours(3)));
        assertThat(late.getDetail()).containsEntry("late", true).containsEntry("missedFirings", 2);
        assertThat(late.getId()).isEqualTo(FiringId.of(id, 0, time(late)).toString());
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(scheduleStatus(id, 0)).hasValueSatisfying(s -> {
                    assertThat(s.getLastFiring()).isEqualTo(time(late).toString());
                    assertThat(s.getLastFiringLate()).isTrue();
                    assertThat(s.getNextFiring())
                            .isEqualTo(time(late).plus(Duration.ofHours(1)).toString());
                }));
        // and only once
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> waiting(id) == 0);
    }

    @Test
    void aFiringNoQueueTakesIsRetriedUntilOneDoes() throws Exception {
        FunctionId id = create("retried", schedule("cron(0 3 * * ? *)"));
        TestFunctions.awaitReady(client, id, WITHIN);
        Instant next = null;
        // a reconcile of the Function declares its queues again: one that ran between the delete and the firing
        // lets that firing through, and the next day's is tried instead
        for (int day = 0; day < 3 && next == null; day++) {
            await().atMost(WITHIN)
                    .until(() -> scheduleStatus(id, 0)
                            .map(ScheduleStatus::getNextFiring)
                            .isPresent());
            Instant due = Instant.parse(scheduleStatus(id, 0).orElseThrow().getNextFiring());
            try (Channel channel = amqp.createChannel()) {
                channel.queueDelete(id.queues().async());
            }
            clock.advance(Duration.between(clock.instant(), due).plusSeconds(1));
            ScheduleStatus after = await().atMost(WITHIN)
                    .until(
                            () -> scheduleStatus(id, 0).orElseThrow(),
                            s -> (s.getError() != null && s.getError().contains("the firing of " + due))
                                    || !due.toString().equals(s.getNextFiring()));
            if (after.getError() != null && after.getError().contains("the firing of " + due)) {
                next = due;
            }
        }
        assertThat(next).as("a firing that found no queue").isNotNull();
        assertThat(scheduleStatus(id, 0).orElseThrow().getError()).contains("is not declared yet");

        try (Channel channel = amqp.createChannel()) {
            FunctionTopology.of(id, FunctionTopology.Options.DEFAULTS, OptionalInt.empty())
                    .declare(channel);
        }
        ScheduledEvent event = event(nextFiring(id));
        assertThat(time(event))
                .as("the firing that could not be enqueued, not a later one")
                .isEqualTo(next);
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(scheduleStatus(id, 0)).hasValueSatisfying(s -> {
                    assertThat(s.getError()).isNull();
                    assertThat(s.getLastFiringId()).isEqualTo(event.getId());
                }));
    }

    @Test
    void aBadCronMakesTheFunctionNotReadyNamingItWhileItsOtherScheduleFires() throws Exception {
        FunctionId id = create("half", schedule("cron(0 25 ? * * *)"), schedule("rate(1 hour)"));

        // TriggersReady, not Ready's reason: the valid schedule fires at once and wakes the function, so Ready may
        // name the instance starting first
        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(id, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[0].schedule.expression: cron(0 25 ? * * *): hours \"25\":"
                            + " Hour values must be between 0 and 23");
            assertThat(condition(id, FunctionStatus.READY).getStatus()).isEqualTo("False");
        });
        assertThat(condition(id, FunctionStatus.QUEUE_READY).getStatus()).isEqualTo("True");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("half")
                        .get())
                .isNotNull();

        GetResponse firing = nextFiring(id);
        assertThat(firing.getProps().getHeaders().get(InvocationHeaders.SOURCE)).hasToString("schedule:1");
        assertThat(event(firing).getResources())
                .containsExactly("arn:aws:scheduler:us-east-1:" + namespace + ":schedule/half/trigger-1");
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(get(id).getStatus().getSchedules())
                        .extracting(ScheduleStatus::getTrigger)
                        .containsExactly(1));
    }

    @Test
    void aStreamThatDoesNotExistIsAnInvalidTriggerWhileQueuesAndDeploymentAreReconciled() throws Exception {
        Trigger http = new Trigger();
        HttpTrigger route = new HttpTrigger();
        route.setPath("/orders");
        http.setHttp(route);
        Trigger queue = new Trigger();
        QueueTrigger source = new QueueTrigger();
        source.setName(namespace + ".orders");
        queue.setQueue(source);
        Trigger stream = new Trigger();
        StreamTrigger clicks = new StreamTrigger();
        clicks.setName("clicks");
        stream.setStream(clicks);
        // the queue trigger's queue is there, so the Stream is the only trigger missing something
        try (Channel channel = amqp.createChannel()) {
            channel.queueDeclare(source.getName(), false, false, false, null);
        }
        FunctionId id = create("unread", http, queue, stream);

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition ready = condition(id, FunctionStatus.READY);
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(ready.getMessage())
                    .isEqualTo("spec.triggers[2].stream.name: Stream clicks does not exist in namespace " + namespace
                            + "; create it (kind: Stream, apiVersion: kfn.dev/" + Function.VERSION + ")");
            assertThat(condition(id, FunctionStatus.QUEUE_READY).getStatus()).isEqualTo("True");
            assertThat(condition(id, FunctionStatus.DEPLOYMENT_READY).getStatus())
                    .isEqualTo("True");
        });
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("unread")
                        .get())
                .isNotNull();

        Stream created = new Stream();
        created.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName("clicks")
                .build());
        created.setSpec(new StreamSpec());
        client.resource(created).create();
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(
                                condition(id, FunctionStatus.TRIGGERS_READY).getStatus())
                        .isEqualTo("True"));
        client.resource(created).delete();
        try (Channel channel = amqp.createChannel()) {
            channel.queueDelete(source.getName());
        }
    }

    private static Trigger route(String route) {
        Trigger trigger = new Trigger();
        HttpTrigger http = new HttpTrigger();
        http.setRoutes(List.of(route));
        trigger.setHttp(http);
        return trigger;
    }

    private String triggersReady(FunctionId id) {
        return Optional.ofNullable(condition(id, FunctionStatus.TRIGGERS_READY))
                .map(Condition::getStatus)
                .orElse(null);
    }

    @Test
    void aRouteAnEarlierFunctionServesIsAnInvalidTriggerUntilThatFunctionIsDeleted() {
        FunctionId first = create("orders-a", route("GET /orders/{id}"));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(triggersReady(first)).isEqualTo("True"));
        FunctionId later = create("orders-b", route("GET /orders/{id}"));

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(later, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage()).contains("GET /orders/{id}", "already served by Function orders-a");
            assertThat(condition(later, FunctionStatus.DEPLOYMENT_READY).getStatus())
                    .isEqualTo("True");
        });
        assertThat(triggersReady(first)).isEqualTo("True");

        client.resources(Function.class)
                .inNamespace(namespace)
                .withName(first.name())
                .delete();
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(triggersReady(later)).isEqualTo("True"));
    }

    private static Trigger websocket(String path) {
        Trigger trigger = new Trigger();
        WebSocketTrigger websocket = new WebSocketTrigger();
        websocket.setPath(path);
        trigger.setWebsocket(websocket);
        return trigger;
    }

    @Test
    void aWebSocketPathAnEarlierFunctionServesIsAnInvalidTriggerNamingIt() {
        FunctionId first = create("chat-a", websocket("/chat"));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(triggersReady(first)).isEqualTo("True"));
        FunctionId later = create("chat-b", websocket("/chat"));

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(later, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[0].websocket.path \"/chat\" is already served by Function chat-a"
                            + " (created earlier); this trigger is not served");
        });
        assertThat(triggersReady(first)).isEqualTo("True");
    }
}
