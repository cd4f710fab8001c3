package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Topic;
import dev.kfn.api.TopicSpec;
import dev.kfn.api.TopicTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Topic triggers in the operator against the mock API server: a Topic that comes and goes, a policy that cannot parse. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class TopicSubscriptionTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Trigger topic(String name, String policy) throws Exception {
        TopicTrigger topic = new TopicTrigger();
        topic.setName(name);
        if (policy != null) {
            topic.setFilterPolicy(JSON.readTree(policy));
        }
        Trigger trigger = new Trigger();
        trigger.setTopic(topic);
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
                .flatMap(status -> status.condition(type))
                .orElse(null);
    }

    private Topic topicResource(String name) {
        Topic topic = new Topic();
        topic.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        topic.setSpec(new TopicSpec());
        return topic;
    }

    @Test
    void aMissingTopicIsAnInvalidTriggerUntilTheTopicIsCreatedAndAgainOnceItIsDeleted() throws Exception {
        FunctionId fn = create("alerts", topic("alarms", "{\"severity\": [\"high\"]}"));

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(fn, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[0].topic.name: Topic alarms does not exist in namespace " + namespace
                            + "; create it (kind: Topic, apiVersion: kfn.dev/" + Function.VERSION + ")");
            assertThat(condition(fn, FunctionStatus.READY).getStatus()).isEqualTo("False");
            assertThat(condition(fn, FunctionStatus.QUEUE_READY).getStatus()).isEqualTo("True");
        });

        client.resource(topicResource("alarms")).create();
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(
                                condition(fn, FunctionStatus.TRIGGERS_READY).getStatus())
                        .isEqualTo("True"));

        client.resource(topicResource("alarms")).delete();
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(
                                condition(fn, FunctionStatus.TRIGGERS_READY).getMessage())
                        .contains("Topic alarms does not exist"));
    }

    @Test
    void aFilterPolicyThatCannotParseIsNamedByItsPlace() throws Exception {
        client.resource(topicResource("orders")).create();
        FunctionId fn = create(
                "orders", topic("orders", null), topic("orders", "{\"price\": [{\"numeric\": [\">\", \"ten\"]}]}"));

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition triggers = condition(fn, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers).isNotNull();
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_INVALID_TRIGGER);
            assertThat(triggers.getMessage())
                    .isEqualTo("spec.triggers[1].topic.filterPolicy.price[0].numeric[1]: a number, got \"ten\"");
        });
        client.resource(topicResource("orders")).delete();
    }

    @Test
    void aTopicDestinationThatDoesNotExistIsNamedUntilTheTopicIsCreated() {
        Destination receipts = new Destination();
        receipts.setTopic("receipts");
        TestFunctions.create(
                client,
                TestFunctions.java(id("checkout"), spec -> spec.getAsync().setOnSuccess(receipts)));
        FunctionId fn = id("checkout");

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition queues = condition(fn, FunctionStatus.QUEUE_READY);
            assertThat(queues).isNotNull();
            assertThat(queues.getStatus()).isEqualTo("False");
            assertThat(queues.getReason()).isEqualTo(FunctionStatus.REASON_DESTINATION_NOT_FOUND);
            assertThat(queues.getMessage())
                    .isEqualTo("spec.async.onSuccess.topic: Topic receipts does not exist in namespace " + namespace
                            + "; create it (kind: Topic, apiVersion: kfn.dev/" + Function.VERSION + ")");
        });

        client.resource(topicResource("receipts")).create();
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(
                                condition(fn, FunctionStatus.QUEUE_READY).getStatus())
                        .isEqualTo("True"));
        client.resource(topicResource("receipts")).delete();
    }
}
