package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.FunctionUrlPath;
import dev.kfn.contract.InvokePath;
import dev.kfn.contract.QueueDeclaration;
import dev.kfn.contract.QueueNames;
import dev.kfn.operator.autoscaler.Autoscaler;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator against the Fabric8 mock API server (CRUD mode) and the real RabbitMQ on localhost. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class FunctionReconcilerTest extends OperatorIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Function function(String name, Consumer<FunctionSpec> change) {
        return TestFunctions.java(id(name), change);
    }

    private Function create(Function fn) {
        return TestFunctions.create(client, fn);
    }

    private Function get(String name) {
        return client.resources(Function.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    /** A merge patch of the spec alone, as kubectl apply would send: no resource version to collide with the operator's status writes. */
    private void setMemory(String name, String memory) {
        client.resources(Function.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"memory\":\"" + memory + "\"}}");
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    private Condition readyCondition(String name) {
        Function fn = get(name);
        return fn == null || fn.getStatus() == null
                ? null
                : fn.getStatus().condition(FunctionStatus.READY).orElse(null);
    }

    private void awaitReady(String name) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Function fn = get(name);
            assertThat(fn.getStatus()).isNotNull();
            assertThat(fn.getStatus().isReady())
                    .as("status %s", fn.getStatus().getConditions())
                    .isTrue();
            assertThat(fn.getStatus().getObservedGeneration())
                    .isEqualTo(fn.getMetadata().getGeneration());
        });
    }

    @Test
    void createsQueuesDeploymentAndNetworkPolicyThenReportsReady() throws Exception {
        create(function("hello", spec -> {}));
        awaitReady("hello");

        QueueNames names = id("hello").queues();
        for (String queue : names.all()) {
            assertThat(queueExists(queue)).as(queue).isTrue();
        }
        Deployment deployment = deployment("hello");
        assertThat(deployment.getSpec().getReplicas()).isZero();
        assertThat(deployment.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("Function"));
        assertThat(client.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(namespace)
                        .withName("hello")
                        .get())
                .isNotNull();

        Function fn = get("hello");
        assertThat(fn.getStatus().getQueue().getSync()).isEqualTo(names.sync());
        assertThat(fn.getStatus().getEndpoint()).endsWith(InvokePath.of(id("hello")));
        assertThat(fn.getStatus().getUrl()).as("no http url: true").isNull();
        assertThat(fn.getStatus()
                        .condition(FunctionStatus.DEPLOYMENT_READY)
                        .orElseThrow()
                        .getReason())
                .isEqualTo("ScaledToZero");
    }

    @Test
    void aFunctionUrlIsWrittenIntoTheStatusAndGoesWithTheTrigger() {
        HttpTrigger http = new HttpTrigger();
        http.setUrl(true);
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        create(function("urled", spec -> spec.setTriggers(List.of(trigger))));
        awaitReady("urled");

        assertThat(get("urled").getStatus().getUrl())
                .isEqualTo("http://kfn-gateway.kfn-system.svc" + FunctionUrlPath.of(id("urled")))
                .endsWith("/urls/" + namespace + "/urled/");

        client.resources(Function.class)
                .inNamespace(namespace)
                .withName("urled")
                .edit(fn -> {
                    fn.getSpec().getTriggers().get(0).getHttp().setUrl(null);
                    fn.getSpec().getTriggers().get(0).getHttp().setRoutes(List.of("GET /urled"));
                    return fn;
                });
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("urled").getStatus().getUrl())
                        .as("routes only: no function URL")
                        .isNull());
    }

    @Test
    void declaresEveryQueueExactlyAsTheContractDefinesIt() throws Exception {
        create(function("exact", spec -> spec.getConcurrency().setMaxQueued(7)));
        awaitReady("exact");
        FunctionTopology contract =
                FunctionTopology.of(id("exact"), FunctionTopology.Options.DEFAULTS, OptionalInt.of(7));
        List<String> bounded = id("exact").queues().invocationQueues();

        // right after a declare the listing may lack fields for a while
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (QueueDeclaration declared : contract.queues()) {
                JsonNode live = queue(declared.name(), "arguments,durable,auto_delete,policy")
                        .orElseThrow();
                assertThat(JSON.convertValue(live.path("arguments"), Map.class))
                        .as("arguments of %s", declared.name())
                        .isEqualTo(declared.arguments());
                assertThat(live.path("durable").asBoolean())
                        .as("%s durable", declared.name())
                        .isTrue();
                assertThat(live.path("auto_delete").asBoolean())
                        .as("%s auto-deleted", declared.name())
                        .isFalse();
                assertThat(live.path("policy").isTextual() ? live.path("policy").asText() : "")
                        .as("policy of %s", declared.name())
                        .isEqualTo(bounded.contains(declared.name()) ? contract.policyName() : "");
            }
        });
        // bound by its own name to the exchange the contract names, and only there
        try (Channel channel = amqp.createChannel()) {
            channel.confirmSelect();
            for (QueueDeclaration declared : contract.queues()) {
                channel.basicPublish(
                        declared.boundTo().orElse(Exchange.INVOKE).exchangeName(),
                        declared.name(),
                        new AMQP.BasicProperties(),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(5_000);
            for (QueueDeclaration declared : contract.queues()) {
                assertThat(channel.queueDeclarePassive(declared.name()).getMessageCount())
                        .as("routed to %s", declared.name())
                        .isEqualTo(declared.boundTo().isPresent() ? 1 : 0);
            }
        }
    }

    @Test
    void changingMemoryChangesTheDeploymentButNotItsReplicas() {
        create(TestFunctions.java(
                id("resize"), Map.of(Autoscaler.PAUSED_ANNOTATION, "true"), spec -> spec.setMemory("128Mi")));
        awaitReady("resize");
        // replicas belong to whoever scales (here: by hand); the operator must hand them back unchanged
        client.apps().deployments().inNamespace(namespace).withName("resize").scale(3);

        setMemory("resize", "3538Mi");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var resources = deployment("resize")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getResources();
            assertThat(resources.getRequests().get("memory")).isEqualTo(new Quantity("3538Mi"));
            assertThat(resources.getLimits().get("cpu")).isEqualTo(new Quantity("2000m"));
        });
        assertThat(deployment("resize").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void deletingTheFunctionDeletesItsQueues() throws Exception {
        create(function("doomed", spec -> spec.getConcurrency().setMaxQueued(5)));
        awaitReady("doomed");
        QueueNames names = id("doomed").queues();
        assertThat(queueExists(names.async())).isTrue();

        client.resources(Function.class)
                .inNamespace(namespace)
                .withName("doomed")
                .delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get("doomed")).isNull();
            for (String queue : names.all()) {
                assertThat(queueExists(queue)).as(queue).isFalse();
            }
        });
        assertThat(queue(names.sync(), "effective_policy_definition")).isEmpty();
    }

    @Test
    void provisionedInstancesMustBeReadyBeforeTheFunctionIs() {
        create(function("warm", spec -> spec.getConcurrency().setProvisioned(2)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(deployment("warm")).isNotNull();
            assertThat(deployment("warm").getSpec().getReplicas()).isEqualTo(2);
            assertThat(readyCondition("warm")).isNotNull();
            assertThat(readyCondition("warm").getReason()).isEqualTo("InstancesStarting");
        });

        // play the Deployment controller: both instances report ready
        client.apps().deployments().inNamespace(namespace).withName("warm").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(2)
                    .withReadyReplicas(2)
                    .withAvailableReplicas(2)
                    .build());
            return d;
        });

        awaitReady("warm");
        assertThat(get("warm").getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void maxQueuedBoundsTheQueueAndTheBrokerRefusesTheNextPublish() throws Exception {
        create(function("bounded", spec -> spec.getConcurrency().setMaxQueued(2)));
        awaitReady("bounded");
        String sync = id("bounded").queues().sync();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(queue(sync, "effective_policy_definition"))
                        .hasValueSatisfying(q -> assertThat(q.path("effective_policy_definition")
                                        .path("max-length")
                                        .asInt())
                                .isEqualTo(2)));

        try (Channel channel = amqp.createChannel()) {
            channel.confirmSelect();
            for (int i = 0; i < 2; i++) {
                channel.basicPublish(
                        Exchange.INVOKE.exchangeName(),
                        sync,
                        new AMQP.BasicProperties(),
                        "{}".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(channel.waitForConfirms(5_000)).isTrue();
            channel.basicPublish(
                    Exchange.INVOKE.exchangeName(),
                    sync,
                    new AMQP.BasicProperties(),
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(channel.waitForConfirms(5_000))
                    .as("a publish beyond maxQueued is nacked")
                    .isFalse();
        }
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("memory 64Mi", (Consumer<FunctionSpec>) s -> s.setMemory("64Mi"), "spec.memory"),
                Arguments.of("timeout 901s", (Consumer<FunctionSpec>) s -> s.setTimeout("901s"), "spec.timeout"),
                Arguments.of(
                        "provisioned above reserved",
                        (Consumer<FunctionSpec>) s -> {
                            s.getConcurrency().setReserved(1);
                            s.getConcurrency().setProvisioned(2);
                        },
                        "spec.concurrency.provisioned"),
                Arguments.of(
                        "both image and code",
                        (Consumer<FunctionSpec>) s -> s.getCode().setImage("example/hello:1"),
                        "spec.code"),
                Arguments.of("no code", (Consumer<FunctionSpec>) s -> s.setCode(null), "spec.code"),
                Arguments.of("unknown runtime", (Consumer<FunctionSpec>) s -> s.setRuntime("cobol"), "spec.runtime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void invalidSpecIsNotReadyNamesTheFieldAndCreatesNothing(
            String description, Consumer<FunctionSpec> breakIt, String field) {
        String name = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        create(function(name, breakIt));
        create(function(name + "-ok", spec -> {}));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Condition ready = readyCondition(name);
            assertThat(ready).isNotNull();
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidSpec");
            assertThat(ready.getMessage()).startsWith(field);
        });
        assertThat(get(name).getStatus().getObservedGeneration())
                .isEqualTo(get(name).getMetadata().getGeneration());
        assertThat(deployment(name)).isNull();
        awaitReady(name + "-ok");
    }

    @Test
    void anInvalidUpdateLeavesTheRunningDeploymentAsItWas() {
        create(function("stable", spec -> spec.setMemory("256Mi")));
        awaitReady("stable");
        String before = deployment("stable").getMetadata().getResourceVersion();

        setMemory("stable", "64Mi");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(readyCondition("stable").getReason()).isEqualTo("InvalidSpec"));
        assertThat(deployment("stable").getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(deployment("stable")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getResources()
                        .getRequests()
                        .get("memory"))
                .isEqualTo(new Quantity("256Mi"));
        assertThat(get("stable")
                        .getStatus()
                        .condition(FunctionStatus.QUEUE_READY)
                        .orElseThrow()
                        .getStatus())
                .isEqualTo("True");
    }

    @Test
    void keepsAnImageFunctionsOwnImage() {
        create(function("imaged", spec -> {
            spec.getCode().setUrl(null);
            spec.getCode().setImage("registry.example/imaged:1");
        }));
        awaitReady("imaged");
        NetworkPolicy policy = client.network()
                .v1()
                .networkPolicies()
                .inNamespace(namespace)
                .withName("imaged")
                .get();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("kfn.dev/function", "imaged");
        assertThat(deployment("imaged")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("registry.example/imaged:1");
    }
}
