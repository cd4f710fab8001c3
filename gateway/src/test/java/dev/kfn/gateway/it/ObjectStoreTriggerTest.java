package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.ObjectStoreTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.objectstore.ObjectStoreIntake;
import dev.kfn.gateway.objectstorefunctions.S3Recorder;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;

/**
 * Object-store triggers end to end: MinIO's and Ceph's notification documents (fixtures in their published
 * formats) posted to the gateway's webhook and published to its AMQP exchange on the real RabbitMQ, the Functions
 * in the mock API server, and real runtime hosts running a Lambda S3 handler ({@link S3Recorder}: the typed
 * S3Event in).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreTriggerTest {

    private static final String TOKEN = "minio-s3cret";

    @Inject
    KubernetesClient client;

    private final Gateway gateway = new Gateway();
    private TestTopology topology;
    private Connection broker;
    private final List<HostProcess> hosts = new ArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        var factory = BrokerSettings.defaults().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        broker = factory.newConnection("kfn-object-store-trigger-test");
    }

    @AfterAll
    void disconnect() throws Exception {
        broker.close();
    }

    /** A namespace of its own for every test, so that no Function of another test takes its notifications. */
    @BeforeEach
    void namespace() throws Exception {
        topology = new TestTopology("objstore");
        client.secrets()
                .inNamespace(topology.namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("kfn-object-store-tokens")
                        .endMetadata()
                        .addToData("minio", Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))
                        .build())
                .create();
        // the token is learnt from an informer: S3's test event, which holds no records, is accepted once it is
        await().atMost(Duration.ofSeconds(30))
                .until(() -> post(bearer(TOKEN), fixture("s3-test-event.json")).statusCode() == 200);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        hosts.clear();
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        topology.close();
    }

    @Test
    void aMinioWebhookNotificationReachesEveryFunctionWhoseTriggerTakesItAsAnS3Event() throws Exception {
        Path thumbnails = Files.createTempFile("kfn-s3", ".tsv");
        Path audit = Files.createTempFile("kfn-s3", ".tsv");
        served("thumbnails", thumbnails, t -> {
            t.setBucket("photos");
            t.setEvents(List.of("s3:ObjectCreated:*"));
            t.setPrefix("uploads/");
            t.setSuffix(".jpg");
        });
        served("audit", audit, t -> t.setBucket("photos"));
        FunctionId videos = unserved("videos", t -> t.setBucket("videos"));
        FunctionId pngs = unserved("pngs", t -> {
            t.setBucket("photos");
            t.setSuffix(".png");
        });

        HttpResponse<byte[]> response = post(bearer(TOKEN), fixture("minio-put.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(response.body()).path("invocations").asInt()).isEqualTo(2);
        for (Path records : List.of(thumbnails, audit)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(records).size() == 1);
            assertThat(lines(records).get(0))
                    .containsExactly(
                            "1",
                            "aws:s3",
                            "ObjectCreated:Put",
                            "photos",
                            "uploads/red+flower.jpg",
                            "uploads/red flower.jpg",
                            "48213",
                            "us-east-1",
                            "187D1A6C0C3A8B21",
                            "arn:aws:s3:::photos");
        }
        assertThat(topology.ready(videos.queues().async())).isZero();
        assertThat(topology.ready(pngs.queues().async())).isZero();
    }

    @Test
    void cephNotificationsOverAmqpAreDeliveredOneRecordPerInvocationAndAckedOnceQueued() throws Exception {
        Path created = Files.createTempFile("kfn-s3", ".tsv");
        Path everything = Files.createTempFile("kfn-s3", ".tsv");
        served("created", created, t -> {
            t.setBucket("photos");
            t.setEvents(List.of("s3:ObjectCreated:Put"));
        });
        served("everything", everything, t -> {
            t.setBucket("photos");
            t.setEvents(List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*"));
            t.setPrefix("uploads/");
        });

        try (Channel channel = broker.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(
                    Exchange.OBJECT_STORE.exchangeName(),
                    topology.namespace,
                    new AMQP.BasicProperties.Builder()
                            .contentType("application/json")
                            .deliveryMode(2)
                            .build(),
                    fixture("ceph-put-and-delete.json"));
            channel.waitForConfirmsOrDie(10_000);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> lines(everything).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(created).size() == 1);
        assertThat(lines(created).get(0))
                .startsWith(
                        "1",
                        "aws:s3",
                        "ObjectCreated:Put",
                        "photos",
                        "uploads/summer+2026/beach%3D1.jpg",
                        "uploads/summer 2026/beach=1.jpg",
                        "1024",
                        "zonegroup1");
        assertThat(lines(everything))
                .extracting(r -> r[0] + " " + r[2] + " " + r[5])
                .containsExactlyInAnyOrder(
                        "1 ObjectCreated:Put uploads/summer 2026/beach=1.jpg",
                        "1 ObjectRemoved:Delete uploads/old.jpg");
        await().atMost(Duration.ofSeconds(10)).until(() -> intakeHolds() == 0);
    }

    @Test
    void aFunctionScaledToZeroIsWokenAndGetsTheEventOnceAnInstanceStarts() throws Exception {
        FunctionId sleepy = unserved("sleepy", t -> t.setBucket("photos"));
        String wakes;
        try (Channel channel = broker.createChannel()) {
            wakes = channel.queueDeclare().getQueue();
        }
        Channel listening = broker.createChannel();
        listening.queueBind(wakes, Exchange.WAKE.exchangeName(), "");

        assertThat(post(bearer(TOKEN), fixture("minio-put.json")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GetResponse wake;
            while ((wake = listening.basicGet(wakes, true)) != null) {
                if (WakeMessage.decode(wake.getBody()).filter(sleepy::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        });
        listening.close();
        assertThat(topology.ready(sleepy.queues().async())).isEqualTo(1);
        try (Channel channel = broker.createChannel()) {
            GetResponse queued = channel.basicGet(sleepy.queues().async(), false);
            S3EventNotification event =
                    S3EventNotification.fromJson(new String(queued.getBody(), StandardCharsets.UTF_8));
            assertThat(event.getRecords())
                    .singleElement()
                    .satisfies(r ->
                            assertThat(r.getS3().getObject().getUrlDecodedKey()).isEqualTo("uploads/red flower.jpg"));
            channel.basicNack(queued.getEnvelope().getDeliveryTag(), false, true);
        }

        Path records = Files.createTempFile("kfn-s3", ".tsv");
        host(sleepy, records);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(records).size() == 1);
        assertThat(lines(records).get(0)[5]).isEqualTo("uploads/red flower.jpg");
    }

    @Test
    void aBadTokenIs401AndAMalformedDocumentIs400AndNeitherDeliversAnything() throws Exception {
        FunctionId guarded = unserved("guarded", t -> t.setBucket("photos"));

        HttpResponse<byte[]> wrong = post(bearer("guess"), fixture("minio-put.json"));
        HttpResponse<byte[]> none = post(Map.of(), fixture("minio-put.json"));
        HttpResponse<byte[]> otherNamespace = gateway.post(
                "/object-store/" + topology.namespace + "-other", bearer(TOKEN), fixture("minio-put.json"));
        HttpResponse<byte[]> malformed =
                post(bearer(TOKEN), "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\"}]}".getBytes());
        HttpResponse<byte[]> notJson = post(bearer(TOKEN), "<xml/>".getBytes());

        for (HttpResponse<byte[]> refused : List.of(wrong, none, otherNamespace)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("UnauthorizedException");
            JsonNode body = Gateway.json(refused.body());
            assertThat(body.path("Type").asText()).isEqualTo("User");
            assertThat(body.path("message").asText()).contains("kfn-object-store-tokens");
        }
        assertThat(Gateway.json(wrong.body()).path("message").asText())
                .isEqualTo("The token is not one of the kfn-object-store-tokens Secret of namespace "
                        + topology.namespace);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("x-amzn-ErrorType")).contains("InvalidParameterValueException");
        assertThat(Gateway.json(malformed.body()).path("message").asText())
                .isEqualTo("Records[0].eventTime is required (a string)");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(notJson.body()).path("message").asText()).startsWith("The notification is not JSON");
        assertThat(topology.ready(guarded.queues().async())).isZero();
    }

    @Test
    void aMalformedAmqpNotificationIsDroppedAndDeliversNothing() throws Exception {
        FunctionId guarded = unserved("guarded", t -> t.setBucket("photos"));

        try (Channel channel = broker.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties persistent =
                    new AMQP.BasicProperties.Builder().deliveryMode(2).build();
            channel.basicPublish(
                    Exchange.OBJECT_STORE.exchangeName(), topology.namespace, persistent, "{\"Records\":7}".getBytes());
            channel.waitForConfirmsOrDie(10_000);
            // a good one behind it, to know the bad one was settled: the intake acks only what it is done with
            channel.basicPublish(
                    Exchange.OBJECT_STORE.exchangeName(), topology.namespace, persistent, fixture("minio-put.json"));
            channel.waitForConfirmsOrDie(10_000);
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> topology.ready(guarded.queues().async()) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> intakeHolds() == 0);
        assertThat(topology.ready(guarded.queues().async())).isEqualTo(1);
    }

    private HttpResponse<byte[]> post(Map<String, String> headers, byte[] document) {
        return gateway.post("/object-store/" + topology.namespace, headers, document);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private void served(String name, Path records, Consumer<ObjectStoreTrigger> change) throws Exception {
        host(unserved(name, change), records);
    }

    private FunctionId unserved(String name, Consumer<ObjectStoreTrigger> change) throws Exception {
        FunctionId fn = topology.function(name);
        ObjectStoreTrigger objectStore = new ObjectStoreTrigger();
        change.accept(objectStore);
        Trigger trigger = new Trigger();
        trigger.setObjectStore(objectStore);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(S3Recorder.class.getName());
            spec.setTriggers(List.of(trigger));
        }));
        // the gateway's catalog knows the Function once a call to it is no longer 404
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        gateway.post(Gateway.invokePath(fn), Map.of("X-Amz-Invocation-Type", "DryRun"), new byte[0])
                                        .statusCode()
                                == 204);
        return fn;
    }

    private void host(FunctionId fn, Path records) throws Exception {
        HostProcess host = new HostProcess(fn, S3Recorder.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env("S3_RECORDS", records)
                .start();
        hosts.add(host);
        host.awaitReady();
    }

    private long intakeHolds() throws Exception {
        try (Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(ObjectStoreIntake.QUEUE).getMessageCount();
        }
    }

    static byte[] fixture(String name) throws Exception {
        try (InputStream in = ObjectStoreTriggerTest.class.getResourceAsStream("/object-store/" + name)) {
            return in.readAllBytes();
        }
    }

    private static List<String[]> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .toList();
    }

    private static Path handlers() {
        // joda-time: Lambda's event serializers load it for every event type, as in Lambda's own Java runtime
        return TaskRoots.java(
                S3Recorder.class,
                S3Event.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
