package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.Topic;
import dev.kfn.api.TopicSpec;
import dev.kfn.api.TopicTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.testfunctions.Echo;
import dev.kfn.gateway.topic.TopicDestinationIntake;
import dev.kfn.gateway.topicfunctions.SnsRecorder;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * Topics end to end: Topics and subscribed Functions in the mock API server, the gateway's two publish APIs (kfn's
 * JSON and SNS's Query API through the real {@link SnsClient}), the functions' queues on the real RabbitMQ, and real
 * runtime hosts running a Lambda SNS handler ({@link SnsRecorder}: the typed SNSEvent in).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicTriggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;

    private final Gateway gateway = new Gateway();
    private TestTopology topology;
    private SnsClient sns;
    private final List<HostProcess> hosts = new ArrayList<>();

    @BeforeAll
    void connect() throws Exception {
        topology = new TestTopology("topic");
        sns = SnsClient.builder()
                .endpointOverride(gateway.base())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Gateway.CALL_LIMIT)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        sns.close();
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(20));
        topology.close();
    }

    @Test
    void everySubscriptionWhosePolicyTakesAMessageGetsItsOwnCopy() throws Exception {
        topic("orders");
        Path all = Files.createTempFile("kfn-sns-all", ".tsv");
        Path red = Files.createTempFile("kfn-sns-red", ".tsv");
        Path big = Files.createTempFile("kfn-sns-big", ".tsv");
        FunctionId everything = subscriber("everything", "orders", null, null, all);
        subscriber("reds", "orders", "{\"color\": [\"red\"], \"size\": [{\"anything-but\": \"small\"}]}", null, red);
        subscriber(
                "big-orders",
                "orders",
                "{\"order\": {\"total\": [{\"numeric\": [\">\", 100]}]}, \"$or\": [{\"paid\": [true]}, {\"coupon\":"
                        + " [{\"prefix\": \"VIP\"}]}]}",
                "MessageBody",
                big);

        String redSmall =
                publish("orders", "{\"order\":{\"total\":5},\"paid\":true}", Map.of("color", "red", "size", "small"));
        String redLarge = publish("orders", "{\"order\":{\"total\":5}}", Map.of("color", "red", "size", "large"));
        String bigPaid = publish("orders", "{\"order\":{\"total\":500},\"paid\":true}", Map.of("color", "blue"));
        String bigVip = publish("orders", "{\"order\":{\"total\":101},\"coupon\":\"VIP-7\"}", Map.of());
        String plain = publish("orders", "not json", Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> lines(all).size() == 5);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines(red).size() == 1 && lines(big).size() == 2);
        assertThat(lines(all).stream().map(r -> r[5]))
                .containsExactlyInAnyOrder(redSmall, redLarge, bigPaid, bigVip, plain);
        assertThat(lines(red).stream().map(r -> r[5])).containsExactly(redLarge);
        assertThat(lines(big).stream().map(r -> r[5])).containsExactlyInAnyOrder(bigPaid, bigVip);

        String[] record = lines(all).stream()
                .filter(r -> r[5].equals(redLarge))
                .findFirst()
                .orElseThrow();
        String topicArn = "arn:aws:sns:us-east-1:" + topology.namespace + ":orders";
        assertThat(record[0]).isEqualTo("1");
        assertThat(record[1]).isEqualTo("aws:sns");
        assertThat(record[2]).isEqualTo("1.0");
        assertThat(record[3]).startsWith(topicArn + ":");
        assertThat(record[4]).isEqualTo("Notification");
        assertThat(record[6]).isEqualTo(topicArn);
        assertThat(record[7]).isEqualTo("order");
        assertThat(record[8]).isEqualTo("{\"order\":{\"total\":5}}");
        assertThat(DateTime.parse(record[9]).getYear()).isGreaterThan(2020);
        assertThat(record[10]).isEqualTo("1");
        assertThat(record[11]).isEqualTo("String:red");
        // each subscription has its own ARN; the message keeps its id across copies
        String[] sameAtRed = lines(red).get(0);
        assertThat(sameAtRed[3]).startsWith(topicArn + ":").isNotEqualTo(record[3]);
        assertThat(sameAtRed[5]).isEqualTo(record[5]);
        assertThat(everything).isNotNull();
    }

    @Test
    void theSdksSnsClientPublishesUnchanged() throws Exception {
        topic("payments");
        Path records = Files.createTempFile("kfn-sns-sdk", ".tsv");
        subscriber(
                "payments",
                "payments",
                "{\"amount\": [{\"numeric\": [\">=\", 10]}], \"color\": [{\"exists\": true}]}",
                null,
                records);
        String arn = "arn:aws:sns:us-east-1:" + topology.namespace + ":payments";

        PublishResponse taken = sns.publish(r -> r.topicArn(arn)
                .subject("paid")
                .message("{\"id\": 1}")
                .messageAttributes(Map.of(
                        "amount",
                                MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("12.5")
                                        .build(),
                        "color",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("green")
                                        .build())));
        sns.publish(r -> r.topicArn(arn)
                .message("{\"id\": 2}")
                .messageAttributes(Map.of(
                        "amount",
                                MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("9")
                                        .build(),
                        "color",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("green")
                                        .build())));

        await().atMost(Duration.ofSeconds(30)).until(() -> lines(records).size() == 1);
        String[] record = lines(records).get(0);
        assertThat(record[5]).isEqualTo(taken.messageId());
        assertThat(record[6]).isEqualTo(arn);
        assertThat(record[7]).isEqualTo("paid");
        assertThat(record[8]).isEqualTo("{\"id\": 1}");
        assertThat(record[11]).isEqualTo("String:green");
    }

    @Test
    void curlAndTheAwsCliPublishAsTheDocsShow() throws Exception {
        Assumptions.assumeTrue(Curl.installed() && AwsCli.installed(), "curl and the AWS CLI are needed");
        topic("signups");
        Path records = Files.createTempFile("kfn-sns-cli", ".tsv");
        subscriber("welcome", "signups", "{\"plan\": [\"pro\"]}", null, records);
        String arn = "arn:aws:sns:us-east-1:" + topology.namespace + ":signups";

        String curl = Curl.run(
                "-X",
                "POST",
                gateway.base() + "/topics/" + topology.namespace + "/signups",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"Message\": \"{\\\"user\\\": \\\"ada\\\"}\", \"Subject\": \"signup\", \"MessageAttributes\":"
                        + " {\"plan\": {\"Type\": \"String\", \"Value\": \"pro\"}}}");
        System.out.println("curl publish: " + curl);
        assertThat(curl).startsWith("HTTP/1.1 200").contains("\"MessageId\"");
        AwsCli.Result cli = AwsCli.snsPublish(
                gateway.base(),
                arn,
                "{\"user\": \"grace\"}",
                "--message-attributes",
                "{\"plan\": {\"DataType\": \"String\", \"StringValue\": \"pro\"}}");
        System.out.println("aws sns publish: " + cli.output());
        assertThat(cli.exitCode()).as(cli.output()).isZero();
        assertThat(cli.output()).contains("\"MessageId\"");
        AwsCli.Result missing = AwsCli.snsPublish(gateway.base(), arn + "-missing", "hello");
        System.out.println("aws sns publish, unknown topic: " + missing.output());
        assertThat(missing.output()).contains("NotFound");

        await().atMost(Duration.ofSeconds(30)).until(() -> lines(records).size() == 2);
        assertThat(lines(records).stream().map(r -> r[8]))
                .containsExactlyInAnyOrder("{\"user\": \"ada\"}", "{\"user\": \"grace\"}");
    }

    @Test
    void anUnknownTopicIsNotFound() {
        String arn = "arn:aws:sns:us-east-1:" + topology.namespace + ":nowhere";
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(arn).message("hello")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist: " + arn);
                });
        HttpResponse<byte[]> response = gateway.post(
                "/topics/" + topology.namespace + "/nowhere", Map.of(), "{\"Message\":\"hello\"}".getBytes());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Gateway.json(response.body()).path("Code").asText()).isEqualTo("NotFound");
    }

    @Test
    void aMessageOver256KbIsAnInvalidParameter() throws Exception {
        topic("big");
        String arn = "arn:aws:sns:us-east-1:" + topology.namespace + ":big";
        String tooLong = "x".repeat(256 * 1024 + 1);
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(arn).message(tooLong)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid parameter: Message too long");
                });
        // the limit counts the attributes too
        String justUnder = "x".repeat(256 * 1024 - 10);
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(arn)
                        .message(justUnder)
                        .messageAttributes(Map.of(
                                "note",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("0123456789")
                                        .build()))))
                .isInstanceOf(InvalidParameterException.class);
        HttpResponse<byte[]> response = gateway.post(
                "/topics/" + topology.namespace + "/big",
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsBytes(Map.of("Message", tooLong)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response.body()).path("Code").asText()).isEqualTo("InvalidParameter");
        assertThat(sns.publish(r -> r.topicArn(arn).message("x".repeat(256 * 1024)))
                        .messageId())
                .isNotBlank();
    }

    @Test
    void badAttributesAndFifoFieldsAreRefused() throws Exception {
        topic("strict");
        String arn = "arn:aws:sns:us-east-1:" + topology.namespace + ":strict";
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(arn)
                        .message("m")
                        .messageAttributes(Map.of(
                                "n",
                                MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("ten")
                                        .build()))))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo(
                                        "Invalid parameter: The message attribute 'n' with type 'Number' must have a numeric"
                                                + " value, got 'ten'"));
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(arn).message("m").messageDeduplicationId("d")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("standard topics");
        HttpResponse<byte[]> response =
                gateway.post("/topics/" + topology.namespace + "/strict", Map.of(), "{\"Mesage\":\"typo\"}".getBytes());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response.body()).path("Message").asText())
                .isEqualTo(
                        "Invalid parameter: unknown key Mesage; a publish has Message, Subject and MessageAttributes");
    }

    @Test
    void aPublishWakesASubscriberAtZeroAndItsCopyWaitsForIt() throws Exception {
        topic("alarms");
        FunctionId sleeper = topology.function("sleeper");
        TestFunctions.create(client, TestFunctions.java(sleeper, spec -> {
            spec.setHandler(SnsRecorder.class.getName());
            spec.setTriggers(List.of(topicTrigger("alarms", null, null)));
        }));
        awaitKnown(sleeper);
        try (Channel channel = topology.channel()) {
            String wakes = channel.queueDeclare().getQueue();
            Exchange.WAKE.declare(channel);
            channel.queueBind(wakes, Exchange.WAKE.exchangeName(), "");

            HttpResponse<byte[]> published = gateway.post(
                    "/topics/" + topology.namespace + "/alarms",
                    Map.of("Content-Type", "application/json"),
                    JSON.writeValueAsBytes(Map.of(
                            "Message",
                            "{\"alarm\":\"disk full\"}",
                            "Subject",
                            "alarm",
                            "MessageAttributes",
                            Map.of("color", Map.of("Type", "String", "Value", "red")))));
            assertThat(published.statusCode()).isEqualTo(200);
            String messageId = Gateway.json(published.body()).path("MessageId").asText();

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                GetResponse wake;
                while ((wake = channel.basicGet(wakes, true)) != null) {
                    if (WakeMessage.decode(wake.getBody())
                            .filter(sleeper::equals)
                            .isPresent()) {
                        return true;
                    }
                }
                return false;
            });
            // the copy is on the function's async queue, an event like any other
            GetResponse copy = channel.basicGet(sleeper.queues().async(), false);
            assertThat(copy.getProps()
                            .getHeaders()
                            .get(InvocationHeaders.SOURCE)
                            .toString())
                    .isEqualTo("topic:" + topology.namespace + "/alarms");
            JsonNode event = JSON.readTree(copy.getBody());
            System.out.println("SNS event as delivered: " + event.toPrettyString());
            assertThat(event.at("/Records/0/Sns/MessageId").asText()).isEqualTo(messageId);
            channel.basicNack(copy.getEnvelope().getDeliveryTag(), false, true);
        }

        Path records = Files.createTempFile("kfn-sns-sleeper", ".tsv");
        host(sleeper, records);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(records).size() == 1);
        assertThat(lines(records).get(0)[7]).isEqualTo("alarm");
    }

    /**
     * A function's {@code topic:<name>} destination: its host publishes the record to kfn.topic keyed
     * {@code <namespace>.<topic>}, the gateway's intake publishes it to the Topic, and the subscriber gets the record
     * JSON as the SNS message, with no subject and no attributes.
     */
    @Test
    void aFunctionsTopicDestinationReachesTheTopicsSubscribers() throws Exception {
        topic("receipts");
        Path records = Files.createTempFile("kfn-sns-destination", ".tsv");
        subscriber("receipts-reader", "receipts", null, null, records);
        Path failures = Files.createTempFile("kfn-sns-destination-failures", ".tsv");
        subscriber(
                "failures-only",
                "receipts",
                "{\"requestContext\": {\"condition\": [{\"anything-but\": \"Success\"}]}}",
                "MessageBody",
                failures);
        Path successes = Files.createTempFile("kfn-sns-destination-successes", ".tsv");
        subscriber(
                "successes-only",
                "receipts",
                "{\"requestContext\": {\"condition\": [\"Success\"]}}",
                "MessageBody",
                successes);
        FunctionId checkout = topology.function("checkout");
        String echo = Echo.class.getName() + "::echo";
        TestFunctions.create(client, TestFunctions.java(checkout, spec -> spec.setHandler(echo)));
        HostProcess host = new HostProcess(checkout, echo, TaskRoots.java(Echo.class))
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env(HostEnvironment.ON_SUCCESS, "topic:receipts")
                .start();
        hosts.add(host);
        host.awaitReady();
        awaitKnown(checkout);

        HttpResponse<byte[]> invoked = gateway.post(
                Gateway.invokePath(checkout), Map.of("X-Amz-Invocation-Type", "Event"), "{\"order\":7}".getBytes());
        assertThat(invoked.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lines(records).size() == 1 && lines(successes).size() == 1);
        // a body policy reads the record's fields; policies are applied at the fan-out that sent the other copies
        assertThat(lines(failures)).isEmpty();
        String[] notification = lines(records).get(0);
        assertThat(notification[6]).isEqualTo("arn:aws:sns:us-east-1:" + topology.namespace + ":receipts");
        assertThat(notification[7]).isEqualTo("null");
        assertThat(notification[11]).isEqualTo("-");
        JsonNode record = JSON.readTree(notification[8]);
        System.out.println("Destination record as the subscriber's SNS message: " + record.toPrettyString());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("Success");
        assertThat(record.at("/requestContext/functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:" + topology.namespace + ":function:checkout:$LATEST");
        assertThat(record.at("/requestPayload/order").asInt()).isEqualTo(7);
        assertThat(record.at("/responsePayload/order").asInt()).isEqualTo(7);
    }

    /**
     * A record for a Topic that does not exist (deleted since the operator checked it) is acked, not handed back
     * forever: the intake queue's ack count grows and nothing stays in it. The management API's counts lag by a few
     * seconds, hence both.
     */
    @Test
    void aRecordForATopicThatDoesNotExistIsAcked() throws Exception {
        topic("present");
        BrokerManagement management = new BrokerManagement(BrokerSettings.defaults());
        await().atMost(Duration.ofSeconds(20)).until(() -> intake(management) != null);
        long acked = intake(management).at("/message_stats/ack").asLong(0);
        try (Channel channel = topology.channel()) {
            channel.confirmSelect();
            channel.basicPublish(
                    Exchange.TOPIC.exchangeName(),
                    new DestinationAddress.ToTopic(topology.namespace, "absent").routingKey(),
                    null,
                    "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode queue = intake(management);
            return queue.at("/message_stats/ack").asLong(0) > acked
                    && queue.path("messages").asLong(-1) == 0;
        });
    }

    private static JsonNode intake(BrokerManagement management) throws Exception {
        for (JsonNode queue : management.queues("name,messages,message_stats")) {
            if (TopicDestinationIntake.QUEUE.equals(queue.path("name").asText())) {
                return queue;
            }
        }
        return null;
    }

    private String publish(String topic, String message, Map<String, String> attributes) throws Exception {
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attributes.forEach((k, v) -> attrs.put(k, Map.of("Type", "String", "Value", v)));
        HttpResponse<byte[]> response = gateway.post(
                "/topics/" + topology.namespace + "/" + topic,
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsBytes(Map.of("Message", message, "Subject", "order", "MessageAttributes", attrs)));
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return Gateway.json(response.body()).path("MessageId").asText();
    }

    private void topic(String name) {
        Topic topic = new Topic();
        topic.setMetadata(new ObjectMetaBuilder()
                .withNamespace(topology.namespace)
                .withName(name)
                .build());
        TopicSpec spec = new TopicSpec();
        spec.setDisplayName(name);
        topic.setSpec(spec);
        client.resource(topic).create();
        // known to the gateway once a publish is taken; nothing subscribes yet, so the message goes nowhere
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.post(
                                        "/topics/" + topology.namespace + "/" + name,
                                        Map.of(),
                                        "{\"Message\":\"before any subscriber\"}".getBytes())
                                .statusCode()
                        == 200);
    }

    private FunctionId subscriber(String name, String topic, String policy, String scope, Path records)
            throws Exception {
        FunctionId fn = topology.function(name);
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(SnsRecorder.class.getName());
            spec.setTriggers(List.of(topicTrigger(topic, policy, scope)));
        }));
        awaitKnown(fn);
        host(fn, records);
        return fn;
    }

    private void host(FunctionId fn, Path records) throws Exception {
        HostProcess host = new HostProcess(fn, SnsRecorder.class.getName(), handlers())
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env("SNS_RECORDS", records)
                .start();
        hosts.add(host);
        host.awaitReady();
    }

    private static Trigger topicTrigger(String topic, String policy, String scope) {
        TopicTrigger subscription = new TopicTrigger();
        subscription.setName(topic);
        subscription.setFilterPolicyScope(scope);
        if (policy != null) {
            try {
                subscription.setFilterPolicy(JSON.readTree(policy));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        Trigger trigger = new Trigger();
        trigger.setTopic(subscription);
        return trigger;
    }

    /** The gateway's catalog holds the function: a dry run finds it. */
    private void awaitKnown(FunctionId fn) {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        gateway.post(Gateway.invokePath(fn), Map.of("X-Amz-Invocation-Type", "DryRun"), new byte[0])
                                        .statusCode()
                                == 204);
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
                SnsRecorder.class,
                SNSEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
