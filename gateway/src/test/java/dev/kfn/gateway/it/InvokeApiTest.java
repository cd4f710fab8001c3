package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.MetricLabels;
import dev.kfn.contract.ReplyRoute;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.gateway.ContentType;
import dev.kfn.gateway.testfunctions.Echo;
import dev.kfn.gateway.testfunctions.Failing;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.FunctionIdentity;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import dev.kfn.testsupport.TestTopology;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ResourceNotReadyException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * The Invoke API end to end: the gateway in Quarkus, the Functions in the mock API server, the real RabbitMQ
 * (through {@link BrokerProxy}), and real runtime-host processes running an echoing and a failing handler.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeApiTest {

    private static final String JSON = "application/json";
    private static final String ECHO = Echo.class.getName() + "::echo";
    private static final String FAIL = Failing.class.getName() + "::fail";

    @Inject
    KubernetesClient client;

    private TestTopology topology;
    private Channel channel;
    private Gateway gateway;
    private LambdaClient lambda;
    private HostProcess echoHost;
    private HostProcess failingHost;
    private FunctionId echo;
    private FunctionId failing;
    private String successes;

    @BeforeAll
    void startFunctions() throws Exception {
        topology = new TestTopology("gw");
        channel = topology.channel();
        gateway = new Gateway();
        lambda = gateway.lambda();
        echo = topology.function("echo");
        failing = topology.function("failing");
        successes = recordQueue("successes");
        // a queue destination is bound to kfn.destination by its name, as the operator binds it
        Exchange.DESTINATION.declare(channel);
        channel.queueBind(successes, Exchange.DESTINATION.exchangeName(), successes);
        create(echo, spec -> {});
        create(failing, spec -> spec.setHandler(FAIL));
        echoHost = new HostProcess(echo, ECHO, TaskRoots.java(Echo.class))
                .env(HostEnvironment.MEMORY_MIB, 256)
                .env(HostEnvironment.CONCURRENCY, 8)
                .env(HostEnvironment.ON_SUCCESS, "queue:" + successes)
                .start();
        failingHost = new HostProcess(failing, FAIL, TaskRoots.java(Echo.class))
                .env(HostEnvironment.MEMORY_MIB, 256)
                .start();
        echoHost.awaitReady();
        failingHost.awaitReady();
        awaitKnown(echo);
    }

    @AfterAll
    void stopFunctions() throws Exception {
        echoHost.close();
        failingHost.close();
        lambda.close();
        TestFunctions.deleteAll(client, topology.namespace, Duration.ofSeconds(10));
        topology.close();
    }

    /** An echoing function with a 3 s timeout, changed as a test needs. */
    private void create(FunctionId fn, Consumer<FunctionSpec> change) {
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {
            spec.setHandler(ECHO);
            spec.setTimeout("3s");
            change.accept(spec);
        }));
    }

    /** The informer sees a new Function a moment after it is created. */
    private void awaitKnown(FunctionId fn) {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        gateway.post(Gateway.invokePath(fn), Map.of("X-Amz-Invocation-Type", "DryRun"), new byte[0])
                                        .statusCode()
                                == 204);
    }

    /** A queue of this test's connection for records and wakes to land in; it goes when the connection does. */
    private String recordQueue(String suffix) throws Exception {
        return channel.queueDeclare(topology.namespace + "." + suffix, false, true, false, null)
                .getQueue();
    }

    private static String arn(FunctionId fn) {
        return FunctionArn.of("us-east-1", fn).toString();
    }

    private static SdkBytes payload(String json) {
        return SdkBytes.fromUtf8String(json);
    }

    @Test
    void sdkInvokesSynchronouslyByArnAndGetsTheFunctionsAnswer() {
        InvokeResponse response = lambda.invoke(r -> r.functionName(arn(echo)).payload(payload("{\"hello\":\"arn\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.payload().asUtf8String()).isEqualTo("{\"hello\":\"arn\"}");
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        assertThat(response.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void sdkInvokesByNamespaceSlashNameAndByQualifiedArn() {
        InvokeResponse byPath =
                lambda.invoke(r -> r.functionName(echo.toString()).payload(payload("1")));
        InvokeResponse qualified =
                lambda.invoke(r -> r.functionName(arn(echo) + ":$LATEST").payload(payload("2")));
        InvokeResponse qualifier = lambda.invoke(
                r -> r.functionName(arn(echo)).qualifier("$LATEST").payload(payload("3")));

        assertThat(byPath.payload().asUtf8String()).isEqualTo("1");
        assertThat(qualified.payload().asUtf8String()).isEqualTo("2");
        assertThat(qualifier.payload().asUtf8String()).isEqualTo("3");
    }

    @Test
    void sdkReadsFunctionErrorOfAFailingHandler() {
        InvokeResponse response =
                lambda.invoke(r -> r.functionName(arn(failing)).payload(payload("{\"reason\":\"test\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = Gateway.json(response.payload().asByteArray());
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("failed on purpose: test");
    }

    @Test
    void sdkEventIsAcceptedWith202AndThenRuns() throws Exception {
        InvokeResponse response = lambda.invoke(r ->
                r.functionName(arn(echo)).invocationType(InvocationType.EVENT).payload(payload("{\"event\":true}")));

        assertThat(response.statusCode()).isEqualTo(202);
        String requestId = response.responseMetadata().requestId();
        JsonNode record = await().atMost(Duration.ofSeconds(20)).until(() -> successRecord(requestId), r -> r != null);
        assertThat(record.path("responsePayload").toString()).contains("event");
    }

    /** The onSuccess record the host writes for an event, found by request id. */
    private JsonNode successRecord(String requestId) throws Exception {
        GetResponse message;
        while ((message = channel.basicGet(successes, true)) != null) {
            JsonNode record = Gateway.json(message.getBody());
            if (requestId.equals(record.path("requestContext").path("requestId").asText())) {
                return record;
            }
        }
        return null;
    }

    /** Skipped only where the AWS CLI is not installed; CLI v1 sends --payload as given (v2 needs --cli-binary-format raw-in-base64-out). */
    @Test
    void awsCliInvokesAndReadsTheFunctionError() throws Exception {
        Assumptions.assumeTrue(AwsCli.installed(), "the aws CLI is not installed");

        AwsCli.Result ok = AwsCli.invoke(gateway.base(), arn(echo), "{\"from\":\"cli\"}");
        AwsCli.Result failed = AwsCli.invoke(gateway.base(), arn(failing), "{\"reason\":\"cli\"}");
        AwsCli.Result event = AwsCli.invoke(gateway.base(), echo.toString(), "{}", "--invocation-type", "Event");

        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(new String(ok.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"from\":\"cli\"}");
        assertThat(Gateway.json(ok.output().getBytes()).path("StatusCode").asInt())
                .isEqualTo(200);
        assertThat(Gateway.json(failed.output().getBytes())
                        .path("FunctionError")
                        .asText())
                .isEqualTo("Unhandled");
        assertThat(new String(failed.payload(), StandardCharsets.UTF_8)).contains("failed on purpose: cli");
        assertThat(Gateway.json(event.output().getBytes()).path("StatusCode").asInt())
                .as(event.output())
                .isEqualTo(202);
    }

    /** Lambda's X-Amz-Log-Type: Tail, through the SDK and the CLI: the log of that call, START to REPORT. */
    @Test
    void tailReturnsTheCallsOwnLog() throws Exception {
        InvokeResponse tailed = lambda.invoke(
                r -> r.functionName(arn(echo)).logType(LogType.TAIL).payload(payload("{\"tail\":1}")));
        String log = new String(Base64.getDecoder().decode(tailed.logResult()), StandardCharsets.UTF_8);
        assertThat(log)
                .startsWith("START RequestId: ")
                .contains("END RequestId: ", "REPORT RequestId: ", "\tBilled Duration: ");
        assertThat(lambda.invoke(r -> r.functionName(arn(echo)).payload(payload("{}")))
                        .logResult())
                .isNull();

        Assumptions.assumeTrue(AwsCli.installed(), "the aws CLI is not installed");
        AwsCli.Result cli = AwsCli.invoke(gateway.base(), arn(echo), "{}", "--log-type", "Tail");
        assertThat(cli.exitCode()).as(cli.output()).isZero();
        String cliLog = new String(
                Base64.getDecoder()
                        .decode(Gateway.json(cli.output().getBytes())
                                .path("LogResult")
                                .asText()),
                StandardCharsets.UTF_8);
        assertThat(cliLog).contains("REPORT RequestId: ");
    }

    @Test
    void dryRunAnswers204AndPublishesNothing() throws Exception {
        FunctionId idle = topology.function("dry");
        create(idle, spec -> {});
        awaitKnown(idle);

        InvokeResponse response = lambda.invoke(r ->
                r.functionName(arn(idle)).invocationType(InvocationType.DRY_RUN).payload(payload("{}")));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(topology.ready(idle.queues().sync())
                        + topology.ready(idle.queues().async()))
                .isZero();
    }

    @Test
    void unknownFunctionIs404ResourceNotFound() {
        FunctionId nobody = new FunctionId(echo.namespace(), "nobody");
        assertThatThrownBy(() ->
                        lambda.invoke(r -> r.functionName(nobody.toString()).payload(payload("{}"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("Function not found: " + arn(nobody));
                });
    }

    @Test
    void unknownVersionIs404() {
        assertThatThrownBy(() -> lambda.invoke(
                        r -> r.functionName(arn(echo)).qualifier("7").payload(payload("{}"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void errorsCarryLambdasWireFormat() {
        HttpResponse<byte[]> response =
                gateway.post(Gateway.invokePath(new FunctionId(echo.namespace(), "nobody")), Map.of(), "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
        JsonNode body = Gateway.json(response.body());
        assertThat(body.path("Type").asText()).isEqualTo("User");
        assertThat(body.path("message").asText()).startsWith("Function not found");
        assertThat(body.path("Message").asText()).isEqualTo(body.path("message").asText());
    }

    @Test
    void malformedNamesAndHeadersAre400() {
        assertBadRequest(Gateway.invokePath("Not_A_Name"), Map.of());
        assertBadRequest(
                Gateway.invokePath(URLEncoder.encode("arn:aws:lambda:us-east-1", StandardCharsets.UTF_8)), Map.of());
        assertBadRequest(
                Gateway.invokePath(URLEncoder.encode(echo.toString(), StandardCharsets.UTF_8) + ":1"),
                Map.of("X-Amz-Invocation-Type", "Sometimes"));
        assertBadRequest(Gateway.invokePath(echo), Map.of("X-Amz-Client-Context", "not base64!"));
        assertBadRequest(
                Gateway.invokePath(URLEncoder.encode(echo.toString(), StandardCharsets.UTF_8) + ":1") + "?Qualifier=2",
                Map.of());
    }

    @Test
    void contentTypeTooLongForAmqpIs400AndLaterCallersGetTheirOwnAnswers() {
        String tooLong = "application/" + "x".repeat(ContentType.MAX_BYTES);
        for (int round = 0; round < 2; round++) {
            HttpResponse<byte[]> refused =
                    gateway.post(Gateway.invokePath(echo), Map.of("Content-Type", tooLong), "{}".getBytes());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("InvalidParameterValueException");
            assertThat(Gateway.json(refused.body()).path("message").asText()).contains("Content-Type");
        }
        // more calls than the gateway has publisher channels, so every channel publishes again
        for (int i = 0; i < 12; i++) {
            String payload = "{\"call\":" + i + "}";
            HttpResponse<byte[]> answer = gateway.post(Gateway.invokePath(echo), Map.of(), payload.getBytes());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(payload);
        }
        HttpResponse<byte[]> full = gateway.post(
                Gateway.invokePath(echo),
                Map.of("Content-Type", "application/" + "x".repeat(ContentType.MAX_BYTES - "application/".length())),
                "{}".getBytes());
        assertThat(full.statusCode()).as("exactly 255 bytes is carried").isEqualTo(200);
    }

    private void assertBadRequest(String path, Map<String, String> headers) {
        HttpResponse<byte[]> response = gateway.post(path, headers, "{}".getBytes());
        assertThat(response.statusCode()).as(path + " " + headers).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("InvalidParameterValueException");
    }

    @Test
    void synchronousPayloadOfExactlySixMebibytesRunsAndOneByteMoreIs413() {
        byte[] atLimit = filled(6 * 1024 * 1024);
        byte[] over = filled(6 * 1024 * 1024 + 1);
        String path = Gateway.invokePath(echo);

        HttpResponse<byte[]> accepted = gateway.post(path, Map.of("Content-Type", JSON), atLimit);
        HttpResponse<byte[]> refused = gateway.post(path, Map.of("Content-Type", JSON), over);

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo(atLimit);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");
    }

    @Test
    void bodyBeyondWhatTheHttpLayerReadsIsStillLambdasShaped413() {
        HttpResponse<byte[]> refused = gateway.post(Gateway.invokePath(echo), Map.of(), filled(9 * 1024 * 1024));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");
        assertThat(Gateway.json(refused.body()).path("Type").asText()).isEqualTo("User");
    }

    @Test
    void eventPayloadOfExactlyOneMebibyteIsAcceptedAndOneByteMoreIs413() {
        String path = Gateway.invokePath(echo);
        Map<String, String> event = Map.of("X-Amz-Invocation-Type", "Event");

        HttpResponse<byte[]> accepted = gateway.post(path, event, filled(1024 * 1024));
        HttpResponse<byte[]> refused = gateway.post(path, event, filled(1024 * 1024 + 1));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");
    }

    /** A JSON string of exactly {@code size} bytes. */
    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        bytes[0] = '"';
        bytes[size - 1] = '"';
        return bytes;
    }

    @Test
    void functionThatCanNeverRunIs502ResourceNotReady() throws Exception {
        FunctionId broken = topology.function("broken");
        create(broken, spec -> {});
        markInvalid(broken, "spec.timeout: \"30\" has no unit; write a duration such as 30s");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(() ->
                                lambda.invoke(r -> r.functionName(arn(broken)).payload(payload("{}"))))
                        .isInstanceOfSatisfying(ResourceNotReadyException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(502);
                            assertThat(e.getMessage()).contains("has no unit");
                        }));
    }

    @Test
    void functionWhoseQueuesAreNotDeclaredIs502() {
        FunctionId undeclared = new FunctionId(topology.namespace, "undeclared");
        create(undeclared, spec -> {});
        awaitKnown(undeclared);

        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(arn(undeclared))
                        .invocationType(InvocationType.EVENT)
                        .payload(payload("{}"))))
                .isInstanceOfSatisfying(
                        ResourceNotReadyException.class,
                        e -> assertThat(e.getMessage()).contains("not declared"));
    }

    @Test
    void queueAtItsBoundIs429WithReasonAndRetryAfter() throws Exception {
        FunctionId bounded = topology.function("bounded", 1);
        create(bounded, spec -> {});
        awaitKnown(bounded);
        assertThat(publishConfirmed(bounded.queues().sync()))
                .as("the first message fits")
                .isTrue();
        String path = Gateway.invokePath(bounded);

        HttpResponse<byte[]> call = gateway.post(path, Map.of(), "{}".getBytes());
        HttpResponse<byte[]> event = null;
        for (int sent = 0; sent < 5 && (event == null || event.statusCode() == 202); sent++) {
            event = gateway.post(path, Map.of("X-Amz-Invocation-Type", "Event"), "{}".getBytes());
        }

        for (HttpResponse<byte[]> refused : List.of(call, event)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(Gateway.json(refused.body()).path("Reason").asText())
                    .isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        assertThat(topology.ready(bounded.queues().sync()))
                .as("a classic queue's bound is exact")
                .isEqualTo(1);
        assertThat(topology.ready(bounded.queues().async()))
                .as("a quorum queue refuses once it is over its bound")
                .isBetween(1L, 2L);
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(arn(bounded)).payload(payload("{}"))))
                .isInstanceOfSatisfying(
                        TooManyRequestsException.class,
                        e -> assertThat(e.reason()).hasToString("ReservedFunctionConcurrentInvocationLimitExceeded"));
        assertThat(gateway.metric("kfn_gateway_publish_failures_total", "reason=\"queue_full\""))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void callNoInstanceTakesIs504AndItsMessageExpiresUnrun() throws Exception {
        FunctionId unserved = topology.function("unserved");
        create(unserved, spec -> spec.setTimeout("1s"));
        awaitKnown(unserved);

        HttpResponse<byte[]> response = gateway.post(Gateway.invokePath(unserved), Map.of(), "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ServiceException");
        JsonNode body = Gateway.json(response.body());
        assertThat(body.path("Reason").asText()).isEqualTo("CallerWaitExceeded");
        assertThat(body.path("message").asText()).contains("timeout 1.00s + queueing allowance 10.00s");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> topology.ready(unserved.queues().sync()) == 0);
        assertThat(gateway.metric(
                        "kfn_gateway_reply_timeouts_total",
                        MetricLabels.FUNCTION_NAMESPACE + "=\"" + unserved.namespace() + "\"",
                        "function=\"unserved\""))
                .isEqualTo(1);
    }

    @Test
    void eventForAFunctionWithNoReadyInstanceWakesTheAutoscaler() throws Exception {
        FunctionId asleep = topology.function("asleep");
        create(asleep, spec -> {});
        awaitKnown(asleep);
        String wakes = recordQueue("wakes");
        Exchange.WAKE.declare(channel);
        channel.queueBind(wakes, Exchange.WAKE.exchangeName(), "");

        lambda.invoke(r ->
                r.functionName(arn(asleep)).invocationType(InvocationType.EVENT).payload(payload("{}")));

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GetResponse wake;
            while ((wake = channel.basicGet(wakes, true)) != null) {
                if (WakeMessage.decode(wake.getBody()).filter(asleep::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        });
        assertThat(topology.ready(asleep.queues().async())).isEqualTo(1);
    }

    @Test
    void syncMessageFollowsTheContractAndOnlyTheCalledFunctionsReplyIsMatched() throws Exception {
        FunctionId manual = topology.function("manual");
        create(manual, spec -> spec.setTimeout("5s"));
        awaitKnown(manual);
        String context = java.util.Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes());
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var call = gateway.postAsync(
                Gateway.invokePath(manual),
                Map.of("X-Amz-Client-Context", context, "traceparent", traceparent, "Content-Type", "text/plain"),
                "\"ping\"".getBytes());
        GetResponse message = await().atMost(Duration.ofSeconds(10))
                .until(() -> channel.basicGet(manual.queues().sync(), true), m -> m != null);

        AMQP.BasicProperties p = message.getProps();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("\"ping\"");
        assertThat(p.getReplyTo()).startsWith("kfn.reply.");
        assertThat(p.getCorrelationId()).isNotBlank();
        assertThat(p.getMessageId()).isNotBlank().isNotEqualTo(p.getCorrelationId());
        // the queueing allowance: started later, the call could not finish while its caller waits
        assertThat(p.getExpiration()).isEqualTo("10000");
        assertThat(p.getContentType()).isEqualTo("text/plain");
        assertThat(p.getDeliveryMode()).isEqualTo(1);
        assertThat(p.getHeaders())
                .containsEntry("kfn-invocation-type", longString("RequestResponse"))
                .containsEntry("kfn-source", longString("gateway"))
                .containsEntry("kfn-client-context", longString(context))
                .containsEntry("traceparent", longString(traceparent));

        AMQP.BasicProperties yours = new AMQP.BasicProperties.Builder()
                .correlationId(p.getCorrelationId())
                .headers(Map.of("kfn-function-error", "Unhandled", "kfn-executed-version", "$LATEST"))
                .build();
        try (FunctionIdentity other = new FunctionIdentity(BrokerSettings.defaults(), echo, List.of());
                FunctionIdentity called = new FunctionIdentity(BrokerSettings.defaults(), manual, List.of());
                Connection asOther = other.settings().connectionFactory().newConnection();
                Connection asCalled = called.settings().connectionFactory().newConnection()) {
            // another function, under its own identity, with the correlation id of this call: never answered
            asOther.createChannel()
                    .basicPublish(
                            Exchange.REPLY.exchangeName(),
                            ReplyRoute.routingKey(p.getReplyTo(), echo),
                            yours,
                            "{\"forged\":true}".getBytes());
            // straight into the queue, signed by no function: never answered either
            channel.basicPublish("", p.getReplyTo(), yours, "{\"unsigned\":true}".getBytes());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gateway.metric("kfn_gateway_replies_unmatched_total", "other_function") >= 2);
            assertThat(call).isNotDone();

            Channel calledChannel = asCalled.createChannel();
            calledChannel.basicPublish(
                    Exchange.REPLY.exchangeName(),
                    ReplyRoute.routingKey(p.getReplyTo(), manual),
                    new AMQP.BasicProperties.Builder()
                            .correlationId("someone-else")
                            .build(),
                    "not yours".getBytes());
            calledChannel.basicPublish(
                    Exchange.REPLY.exchangeName(),
                    ReplyRoute.routingKey(p.getReplyTo(), manual),
                    yours,
                    "{\"errorType\":\"x\"}".getBytes());
        }

        HttpResponse<byte[]> answer = call.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errorType\":\"x\"}");
        assertThat(answer.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        assertThat(answer.headers().firstValue("x-amzn-RequestId")).contains(p.getMessageId());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> gateway.metric("kfn_gateway_replies_unmatched_total", "no_caller") >= 1);
    }

    @Test
    void eventMessageIsPersistentFirstAttemptFromTheGateway() throws Exception {
        FunctionId parked = topology.function("parked");
        create(parked, spec -> {});
        awaitKnown(parked);

        HttpResponse<byte[]> accepted =
                gateway.post(Gateway.invokePath(parked), Map.of("X-Amz-Invocation-Type", "Event"), "{}".getBytes());
        GetResponse message = channel.basicGet(parked.queues().async(), true);

        assertThat(accepted.statusCode()).isEqualTo(202);
        AMQP.BasicProperties p = message.getProps();
        assertThat(p.getMessageId())
                .isEqualTo(accepted.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getReplyTo()).isNull();
        assertThat(p.getExpiration()).isNull();
        assertThat(p.getHeaders())
                .containsEntry("kfn-invocation-type", longString("Event"))
                .containsEntry("kfn-attempt", 1)
                .containsKey("kfn-enqueued-at");
    }

    /** Publishes to a queue and waits for the broker's answer: true when it took the message. */
    private boolean publishConfirmed(String queue) throws Exception {
        try (Channel confirming = topology.channel()) {
            confirming.confirmSelect();
            confirming.basicPublish("", queue, true, new AMQP.BasicProperties(), "{}".getBytes());
            return confirming.waitForConfirms(10_000);
        }
    }

    /** What the operator writes for a spec that can never run. */
    private void markInvalid(FunctionId fn, String problem) {
        Function current = client.resources(Function.class)
                .inNamespace(fn.namespace())
                .withName(fn.name())
                .get();
        current.setStatus(new FunctionStatus().markInvalidSpec(List.of(problem)));
        client.resources(Function.class)
                .inNamespace(fn.namespace())
                .resource(current)
                .updateStatus();
    }

    private static LongString longString(String text) {
        return LongStringHelper.asLongString(text);
    }

    @Test
    void shortRouteInvokesSynchronously() {
        HttpResponse<byte[]> response = gateway.post(
                "/functions/" + echo.toString(), Map.of("Content-Type", JSON), "{\"via\":\"curl\"}".getBytes());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"via\":\"curl\"}");
        assertThat(response.headers().firstValue("X-Amz-Executed-Version")).contains("$LATEST");
    }

    @Test
    void metricsCountRequestsByFunctionTypeAndStatus() {
        lambda.invoke(r -> r.functionName(arn(failing)).payload(payload("{}")));

        assertThat(gateway.metric(
                        "kfn_gateway_invocations_seconds_count",
                        "function=\"failing\"",
                        "type=\"RequestResponse\"",
                        "status=\"200\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(gateway.metric("kfn_gateway_invocations_seconds_bucket", "function=\"failing\""))
                .isPositive();
        assertThat(gateway.get("/q/metrics")).contains("kfn_gateway_invocations_in_flight");
    }

    @Test
    void readinessReportsFunctionsAndBroker() {
        assertThat(gateway.get("/q/health/ready"))
                .contains("\"functions-synced\": true")
                .contains("\"broker-connected\": true");
    }
}
