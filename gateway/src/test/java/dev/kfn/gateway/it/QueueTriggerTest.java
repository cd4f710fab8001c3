package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.QueueTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.queuefunctions.SqsRecorder;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Queue triggers end to end: a queue of the user's on the real RabbitMQ, the gateway's poller, the Function in the
 * mock API server, and a real runtime host running a Lambda SQS handler ({@link SqsRecorder}: the typed SQSEvent
 * in, SQSBatchResponse out).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueTriggerTest {

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Connection broker;
    private final List<HostProcess> hosts = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        topology = new TestTopology("queue");
        var factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        broker = factory.newConnection("kfn-queue-trigger-test");
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        try (Channel channel = broker.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
        }
        broker.close();
        topology.close();
    }

    @Test
    void batchesArriveAsSqsEventsAndOnlyReportedFailuresComeBackUntilTheyAreDeadLettered() throws Exception {
        String source = queue("orders-in");
        String deadLetters = queue("orders-dlq");
        Path records = Files.createTempFile("kfn-sqs", ".tsv");
        FunctionId fn = function("orders", records, trigger -> {
            trigger.setName(source);
            trigger.setBatchSize(5);
            trigger.setReportBatchItemFailures(true);
            trigger.setVisibilityTimeout("0s");
            trigger.setMaxReceiveCount(2);
            trigger.setDeadLetterQueue(deadLetters);
        });
        try (Channel channel = broker.createChannel()) {
            for (int i = 0; i < 12; i++) {
                publish(channel, source, "ok-" + i);
            }
            publish(channel, source, "poison-a");
            publish(channel, source, "poison-b");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> count(deadLetters) == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(records).size() == 16);
        List<String[]> seen = lines(records);
        assertThat(seen.stream().filter(r -> r[2].startsWith("ok-")).map(r -> r[2]))
                .hasSize(12)
                .doesNotHaveDuplicates();
        assertThat(seen.stream().filter(r -> r[2].startsWith("poison")).map(r -> r[2] + "@" + r[3]))
                .containsExactlyInAnyOrder("poison-a@1", "poison-a@2", "poison-b@1", "poison-b@2");
        assertThat(seen).allSatisfy(r -> {
            assertThat(Integer.parseInt(r[0])).isBetween(1, 5);
            assertThat(r[4]).isEqualTo("aws:sqs");
            assertThat(r[5]).isEqualTo(md5(r[2]));
            assertThat(r[6]).isEqualTo("arn:aws:sqs:us-east-1:" + fn.namespace() + ":" + source);
            assertThat(r[7]).isEqualTo("red");
        });
        try (Channel channel = broker.createChannel()) {
            GetResponse dead = channel.basicGet(deadLetters, true);
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).startsWith("poison");
            assertThat(dead.getProps().getHeaders())
                    .containsEntry("kfn-receive-count", 2)
                    .containsKey("kfn-dead-letter-reason");
            assertThat(dead.getProps()
                            .getHeaders()
                            .get("kfn-dead-letter-reason")
                            .toString())
                    .isEqualTo("MaxReceiveCountExceeded");
        }
        assertThat(count(source)).isZero();
    }

    @Test
    void aThrownErrorReturnsTheWholeBatch() throws Exception {
        String source = queue("mixed-in");
        String deadLetters = queue("mixed-dlq");
        Path records = Files.createTempFile("kfn-sqs", ".tsv");
        function("mixed", records, trigger -> {
            trigger.setName(source);
            trigger.setBatchSize(10);
            trigger.setBatchWindow("1s");
            trigger.setVisibilityTimeout("0s");
            trigger.setMaxReceiveCount(1);
            trigger.setDeadLetterQueue(deadLetters);
        });
        try (Channel channel = broker.createChannel()) {
            publish(channel, source, "fine");
            publish(channel, source, "throw");
        }

        // one batch of both, which fails as a whole: both go to the dead-letter queue after their one receive
        await().atMost(Duration.ofSeconds(30)).until(() -> count(deadLetters) == 2);
        assertThat(lines(records)).allSatisfy(r -> assertThat(r[0]).isEqualTo("2"));
    }

    @Test
    void aMessageForAFunctionWithNoInstanceWakesItAndReachesTheHandlerOnceAnInstanceStarts() throws Exception {
        String source = queue("sleepy-in");
        FunctionId fn = unserved("sleepy", trigger -> trigger.setName(source));
        String wakes;
        try (Channel channel = broker.createChannel()) {
            wakes = channel.queueDeclare().getQueue();
        }
        Channel listening = broker.createChannel();
        listening.queueBind(wakes, Exchange.WAKE.exchangeName(), "");

        try (Channel channel = broker.createChannel()) {
            publish(channel, source, "first order");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GetResponse wake;
            while ((wake = listening.basicGet(wakes, true)) != null) {
                if (WakeMessage.decode(wake.getBody()).filter(fn::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        });
        listening.close();
        // the batch waits on the function's own sync queue, as an SQS event, for an instance to take it
        try (Channel channel = broker.createChannel()) {
            GetResponse queued = channel.basicGet(fn.queues().sync(), false);
            assertThat(queued).isNotNull();
            JsonNode event = new ObjectMapper().readTree(queued.getBody());
            assertThat(event.path("Records")).hasSize(1);
            assertThat(event.path("Records").path(0).path("body").asText()).isEqualTo("first order");
            assertThat(event.path("Records").path(0).path("eventSource").asText())
                    .isEqualTo("aws:sqs");
            channel.basicNack(queued.getEnvelope().getDeliveryTag(), false, true);
        }

        Path records = Files.createTempFile("kfn-sqs", ".tsv");
        host(fn, records);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(records).size() == 1);
        assertThat(lines(records).get(0)[2]).isEqualTo("first order");
        assertThat(lines(records).get(0)[6]).isEqualTo("arn:aws:sqs:us-east-1:" + fn.namespace() + ":" + source);
    }

    private FunctionId function(String name, Path records, Consumer<QueueTrigger> change) throws Exception {
        FunctionId fn = unserved(name, change);
        host(fn, records);
        return fn;
    }

    /** A Function with its queue trigger and no instance yet. */
    private FunctionId unserved(String name, Consumer<QueueTrigger> change) throws Exception {
        FunctionId fn = topology.function(name);
        QueueTrigger queue = new QueueTrigger();
        change.accept(queue);
        Trigger trigger = new Trigger();
        trigger.setQueue(queue);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(SqsRecorder.class.getName());
            spec.setTriggers(List.of(trigger));
        }));
        return fn;
    }

    private void host(FunctionId fn, Path records) throws Exception {
        HostProcess host = new HostProcess(fn, SqsRecorder.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env("SQS_RECORDS", records)
                .start();
        hosts.add(host);
        host.awaitReady();
    }

    private String queue(String name) throws Exception {
        String queue = topology.namespace + "." + name;
        try (Channel channel = broker.createChannel()) {
            channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
        }
        queues.add(queue);
        return queue;
    }

    private static void publish(Channel channel, String queue, String body) throws Exception {
        channel.basicPublish(
                "",
                queue,
                new AMQP.BasicProperties.Builder()
                        .headers(Map.of("color", "red"))
                        .deliveryMode(2)
                        .build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private long count(String queue) throws Exception {
        try (Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private static List<String[]> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .toList();
    }

    private static String md5(String body) throws Exception {
        return String.format(
                "%032x",
                new BigInteger(1, MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static Path handlers() {
        // joda-time: Lambda's event serializers load it for every event type, as in Lambda's own Java runtime
        return TaskRoots.java(
                SqsRecorder.class,
                SQSEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
