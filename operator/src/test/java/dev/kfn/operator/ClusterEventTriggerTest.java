package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.ClusterEventTrigger;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.WakeMessage;
import dev.kfn.operator.clusterevent.WatchKey;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * clusterEvent triggers in the operator against the mock API server and the real RabbitMQ: a change of a watched
 * object reaches the function's asynchronous queue in EventBridge's envelope, read as Lambda's Java runtime reads it
 * into aws-lambda-java-events' ScheduledEvent; filters; core Events; kinds the operator may not or cannot watch.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class ClusterEventTriggerTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    /** The envelopes delivered, as docs/triggers.md shows them. */
    private static final Logger LOG = Logger.getLogger(ClusterEventTriggerTest.class);

    @KubernetesTestServer
    KubernetesServer server;

    static Trigger clusterEvent(String apiVersion, String kind, Consumer<ClusterEventTrigger> setup) {
        ClusterEventTrigger watch = new ClusterEventTrigger();
        watch.setApiVersion(apiVersion);
        watch.setKind(kind);
        setup.accept(watch);
        Trigger trigger = new Trigger();
        trigger.setClusterEvent(watch);
        return trigger;
    }

    private FunctionId create(String name, Trigger... triggers) {
        TestFunctions.create(client, TestFunctions.java(id(name), spec -> spec.setTriggers(List.of(triggers))));
        return id(name);
    }

    private Condition condition(FunctionId id, String type) {
        return Optional.ofNullable(client.resources(Function.class)
                        .inNamespace(id.namespace())
                        .withName(id.name())
                        .get())
                .map(Function::getStatus)
                .flatMap(s -> s.condition(type))
                .orElse(null);
    }

    /**
     * The function's queues are there and the leader watches what it asks for: a watch records where it starts as
     * soon as it does.
     */
    private void awaitWatching(FunctionId id, Trigger... triggers) {
        await().atMost(WITHIN).until(() -> queueExists(id.queues().async()));
        await().atMost(WITHIN).until(() -> {
            ConfigMap positions = client.configMaps()
                    .inNamespace("kfn-system")
                    .withName("kfn-cluster-event-positions")
                    .get();
            return positions != null
                    && positions.getData() != null
                    && positions.getData().keySet().containsAll(watchIds(id, triggers));
        });
    }

    private static List<String> watchIds(FunctionId id, Trigger... triggers) {
        return Stream.of(triggers)
                .map(t -> WatchKey.of(id, t.getClusterEvent()).id())
                .toList();
    }

    private Pod pod(String name, Map<String, String> labels) {
        return client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    private List<GetResponse> messages(FunctionId id, int count) throws Exception {
        List<GetResponse> got = new ArrayList<>();
        try (Channel channel = amqp.createChannel()) {
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
                GetResponse next = channel.basicGet(id.queues().async(), true);
                if (next != null) {
                    got.add(next);
                }
                return got.size() >= count;
            });
        }
        return got;
    }

    private long waiting(FunctionId id) throws Exception {
        try (Channel channel = amqp.createChannel()) {
            return channel.queueDeclarePassive(id.queues().async()).getMessageCount();
        }
    }

    @Test
    void aPodCreatedInTheMockApiReachesTheFunctionsQueueAsAStateChangeAndWakesIt() throws Exception {
        try (Channel wakes = amqp.createChannel()) {
            String wakeQueue = wakes.queueDeclare().getQueue();
            wakes.queueBind(wakeQueue, Exchange.WAKE.exchangeName(), "");
            pod("existing", Map.of("app", "web"));
            Trigger trigger = clusterEvent("v1", "Pod", w -> w.setLabelSelector("app=web"));
            FunctionId id = create("pods", trigger);
            awaitWatching(id, trigger);

            Pod created = pod("web-1", Map.of("app", "web"));
            GetResponse message = messages(id, 1).get(0);
            LOG.infof("Delivered: %s", new String(message.getBody(), StandardCharsets.UTF_8));
            ScheduledEvent event = ScheduledEvents.read(message.getBody());
            assertThat(event.getDetailType()).isEqualTo("Pod State Change");
            assertThat(event.getSource()).isEqualTo("kfn.kubernetes");
            assertThat(event.getAccount()).isEqualTo(namespace);
            assertThat(event.getRegion()).isEqualTo("us-east-1");
            assertThat(event.getResources()).containsExactly("/api/v1/namespaces/" + namespace + "/pods/web-1");
            assertThat(event.getDetail()).containsEntry("eventType", "ADDED");
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) event.getDetail().get("object");
            assertThat(object).containsEntry("kind", "Pod");
            assertThat(object.get("metadata"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("name", "web-1")
                    .containsEntry("uid", created.getMetadata().getUid());
            assertThat(message.getProps().getMessageId()).isEqualTo(event.getId());
            assertThat(message.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(message.getProps().getHeaders().get(InvocationHeaders.SOURCE))
                    .hasToString("clusterEvent:0");
            await().atMost(WITHIN).untilAsserted(() -> {
                GetResponse wake = wakes.basicGet(wakeQueue, true);
                assertThat(wake).isNotNull();
                assertThat(WakeMessage.decode(wake.getBody())).contains(id);
            });
            // the Pod that existed before the watch started is not announced as ADDED
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> waiting(id) == 0);
        }
    }

    /** The paths of the calls the mock API server received since the last call of this. */
    private List<String> paths() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (RecordedRequest call = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS);
                call != null;
                call = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS)) {
            paths.add(call.getPath());
        }
        return paths;
    }

    private static String eventType(GetResponse message) {
        return (String) ScheduledEvents.read(message.getBody()).getDetail().get("eventType");
    }

    private static String name(GetResponse message) {
        String resource = ScheduledEvents.read(message.getBody()).getResources().get(0);
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    @Test
    void eventTypesAndTheLabelSelectorFilterAndFunctionsAskingTheSameShareOneWatch() throws Exception {
        paths();
        Trigger deletions = clusterEvent("v1", "Pod", w -> {
            w.setLabelSelector("app=web");
            w.setEventTypes(List.of("DELETED"));
        });
        Trigger everything = clusterEvent("v1", "Pod", w -> w.setLabelSelector("app=web"));
        FunctionId deleted = create("deleted", deletions);
        FunctionId all = create("all", everything);
        awaitWatching(deleted, deletions);
        awaitWatching(all, everything);

        pod("db", Map.of("app", "db"));
        pod("other", Map.of("app", "other"));
        pod("web", Map.of("app", "web"));
        client.pods().inNamespace(namespace).withName("db").delete();
        client.pods().inNamespace(namespace).withName("web").delete();

        List<GetResponse> toAll = messages(all, 2);
        assertThat(toAll).extracting(m -> eventType(m) + " " + name(m)).containsExactly("ADDED web", "DELETED web");
        List<GetResponse> toDeleted = messages(deleted, 1);
        assertThat(eventType(toDeleted.get(0))).isEqualTo("DELETED");
        assertThat(name(toDeleted.get(0))).isEqualTo("web");
        assertThat(ScheduledEvents.read(toDeleted.get(0).getBody()).getId())
                .as("the same change has the same id for every function")
                .isEqualTo(ScheduledEvents.read(toAll.get(1).getBody()).getId());
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> waiting(all) == 0 && waiting(deleted) == 0);

        long podWatches = paths().stream()
                .filter(path ->
                        path.startsWith("/api/v1/namespaces/" + namespace + "/pods?") && path.contains("watch=true"))
                .count();
        assertThat(podWatches).as("one watch for both functions").isEqualTo(1);
    }

    @Test
    void aCoreEventIsDeliveredByReasonAndTypeWithWhatItIsAbout() throws Exception {
        Trigger backOffs = clusterEvent("v1", "Event", w -> {
            w.setReasons(List.of("BackOff"));
            w.setTypes(List.of("Warning"));
        });
        FunctionId id = create("backoffs", backOffs);
        awaitWatching(id, backOffs);

        event("pulled", "Pulled", "Normal", "Successfully pulled image");
        event("backoff-normal", "BackOff", "Normal", "not a warning");
        event("backoff", "BackOff", "Warning", "Back-off restarting failed container app in pod web-1");

        GetResponse message = messages(id, 1).get(0);
        LOG.infof("Delivered: %s", new String(message.getBody(), StandardCharsets.UTF_8));
        ScheduledEvent event = ScheduledEvents.read(message.getBody());
        assertThat(event.getDetailType()).isEqualTo("Kubernetes Event");
        assertThat(event.getSource()).isEqualTo("kfn.kubernetes");
        assertThat(event.getResources()).containsExactly("/api/v1/namespaces/" + namespace + "/events/backoff");
        assertThat(event.getDetail())
                .containsEntry("eventType", "ADDED")
                .containsEntry("reason", "BackOff")
                .containsEntry("type", "Warning")
                .containsEntry("message", "Back-off restarting failed container app in pod web-1")
                .containsEntry("involvedObject", Map.of("kind", "Pod", "name", "web-1", "namespace", namespace));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> waiting(id) == 0);
    }

    private void event(String name, String reason, String type, String message) {
        client.v1()
                .events()
                .inNamespace(namespace)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withReason(reason)
                        .withType(type)
                        .withMessage(message)
                        .withNewInvolvedObject()
                        .withKind("Pod")
                        .withName("web-1")
                        .withNamespace(namespace)
                        .endInvolvedObject()
                        .build())
                .create();
    }

    @Test
    void aKindTheOperatorMayNotOrCannotWatchOrAnotherNamespaceIsAnInvalidTriggerWhileTheOthersDeliver()
            throws Exception {
        // RBAC refuses both the reconciler's check (limit=1) and the source's own listing before its watch
        for (String list : List.of("/secrets?limit=1", "/secrets")) {
            server.expect()
                    .get()
                    .withPath("/api/v1/namespaces/" + namespace + list)
                    .andReturn(
                            403,
                            new StatusBuilder()
                                    .withCode(403)
                                    .withReason("Forbidden")
                                    .withMessage("secrets is forbidden: User"
                                            + " \"system:serviceaccount:kfn-system:kfn-operator\" cannot list resource"
                                            + " \"secrets\" in API group \"\" in the namespace \"" + namespace + "\"")
                                    .build())
                    .always();
        }
        Trigger pods = clusterEvent("v1", "Pod", w -> {});
        FunctionId id = create(
                "mixed",
                pods,
                clusterEvent("v1", "Secret", w -> {}),
                clusterEvent("example.com/v1", "Widget", w -> {}),
                clusterEvent("v1", "Pod", w -> w.setNamespace("elsewhere")));

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(id, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[1].clusterEvent: the operator may not watch secrets in namespace "
                            + namespace + ": its ClusterRole needs list and watch on {apiGroups: [\"\"], resources:"
                            + " [secrets]} (add it to the chart's clusterEvents.watch);"
                            + " spec.triggers[2].clusterEvent: the API server serves no kind Widget in example.com/v1;"
                            + " spec.triggers[3].clusterEvent.namespace: elsewhere is not the Function's namespace,"
                            + " and this operator watches no other namespace for a Function"
                            + " (kfn.cluster-events.allow-other-namespaces)");
            assertThat(condition(id, FunctionStatus.READY).getStatus()).isEqualTo("False");
        });
        awaitWatching(id, pods);
        pod("still-watched", Map.of());
        assertThat(name(messages(id, 1).get(0))).isEqualTo("still-watched");
    }

    @Test
    void aModifiedCarriesTheObjectBeforeAndAfter() throws Exception {
        Trigger changes = clusterEvent("v1", "ConfigMap", w -> w.setEventTypes(List.of("MODIFIED")));
        FunctionId id = create("changes", changes);
        awaitWatching(id, changes);

        client.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .endMetadata()
                        .addToData("mode", "old")
                        .build())
                .create();
        client.configMaps()
                .inNamespace(namespace)
                .withName("settings")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("mode", "new").build());

        ScheduledEvent event = ScheduledEvents.read(messages(id, 1).get(0).getBody());
        assertThat(event.getDetailType()).isEqualTo("ConfigMap State Change");
        assertThat(event.getDetail()).containsEntry("eventType", "MODIFIED");
        assertThat(event.getDetail().get("object"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("data", Map.of("mode", "new"));
        assertThat(event.getDetail().get("oldObject"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("data", Map.of("mode", "old"));
    }
}
