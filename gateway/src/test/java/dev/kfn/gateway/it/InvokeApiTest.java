package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.kfn.api.AutoscalerWake;
import dev.kfn.api.FunctionArn;
import dev.kfn.api.QueueNames;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
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

    @Inject
    KubernetesClient client;

    private Topology topology;
    private Functions functions;
    private Gateway gateway;
    private LambdaClient lambda;
    private HostProcess echoHost;
    private HostProcess failingHost;
    private QueueNames echo;
    private QueueNames failing;
    private String successes;

    @BeforeAll
    void startFunctions() throws Exception {
        topology = new Topology();
        functions = new Functions(client);
        gateway = new Gateway();
        lambda = gateway.lambda();
        echo = topology.function("echo");
        failing = topology.function("failing");
        successes = topology.queue("successes");
        functions.create(echo, "dev.kfn.gateway.testfunctions.Echo::echo");
        functions.create(failing, "dev.kfn.gateway.testfunctions.Failing::fail");
        echoHost = new HostProcess(echo, "dev.kfn.gateway.testfunctions.Echo::echo").env("KFN_CONCURRENCY", 8)
            .env("KFN_ON_SUCCESS", "queue:" + successes).start();
        failingHost = new HostProcess(failing, "dev.kfn.gateway.testfunctions.Failing::fail").start();
        awaitKnown(echo);
    }

    @AfterAll
    void stopFunctions() throws Exception {
        echoHost.close();
        failingHost.close();
        lambda.close();
        functions.deleteAll(topology.namespace);
        topology.close();
    }

    /** The informer sees a new Function a moment after it is created. */
    private void awaitKnown(QueueNames fn) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
            gateway.post(Gateway.invokePath(fn.namespace() + "%2F" + fn.function()), Map.of("X-Amz-Invocation-Type", "DryRun"),
                new byte[0]).statusCode() == 204);
    }

    private static String arn(QueueNames fn) {
        return FunctionArn.of("us-east-1", fn.namespace(), fn.function()).toString();
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
        InvokeResponse byPath = lambda.invoke(r -> r.functionName(echo.namespace() + "/echo").payload(payload("1")));
        InvokeResponse qualified = lambda.invoke(r -> r.functionName(arn(echo) + ":$LATEST").payload(payload("2")));
        InvokeResponse qualifier = lambda.invoke(r -> r.functionName(arn(echo)).qualifier("$LATEST").payload(payload("3")));

        assertThat(byPath.payload().asUtf8String()).isEqualTo("1");
        assertThat(qualified.payload().asUtf8String()).isEqualTo("2");
        assertThat(qualifier.payload().asUtf8String()).isEqualTo("3");
    }

    @Test
    void sdkReadsFunctionErrorOfAFailingHandler() {
        InvokeResponse response = lambda.invoke(r -> r.functionName(arn(failing)).payload(payload("{\"reason\":\"test\"}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = Gateway.json(response.payload().asByteArray());
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("failed on purpose: test");
    }

    @Test
    void sdkEventIsAcceptedWith202AndThenRuns() throws Exception {
        InvokeResponse response = lambda.invoke(r -> r.functionName(arn(echo)).invocationType(InvocationType.EVENT)
            .payload(payload("{\"event\":true}")));

        assertThat(response.statusCode()).isEqualTo(202);
        String requestId = response.responseMetadata().requestId();
        JsonNode record = await().atMost(Duration.ofSeconds(20)).until(() -> successRecord(requestId), r -> r != null);
        assertThat(record.path("responsePayload").toString()).contains("event");
    }

    /** The onSuccess record the host writes for an event, found by request id. */
    private JsonNode successRecord(String requestId) throws Exception {
        GetResponse message;
        while ((message = topology.channel().basicGet(successes, true)) != null) {
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
        AwsCli.Result event = AwsCli.invoke(gateway.base(), echo.namespace() + "/echo", "{}", "--invocation-type", "Event");

        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(new String(ok.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"from\":\"cli\"}");
        assertThat(Gateway.json(ok.output().getBytes()).path("StatusCode").asInt()).isEqualTo(200);
        assertThat(Gateway.json(failed.output().getBytes()).path("FunctionError").asText()).isEqualTo("Unhandled");
        assertThat(new String(failed.payload(), StandardCharsets.UTF_8)).contains("failed on purpose: cli");
        assertThat(Gateway.json(event.output().getBytes()).path("StatusCode").asInt()).as(event.output()).isEqualTo(202);
    }

    @Test
    void dryRunAnswers204AndPublishesNothing() throws Exception {
        QueueNames idle = topology.function("dry");
        functions.create(idle, "dev.kfn.gateway.testfunctions.Echo::echo");
        awaitKnown(idle);

        InvokeResponse response = lambda.invoke(r -> r.functionName(arn(idle)).invocationType(InvocationType.DRY_RUN)
            .payload(payload("{}")));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(topology.ready(idle.sync()) + topology.ready(idle.async())).isZero();
    }

    @Test
    void unknownFunctionIs404ResourceNotFound() {
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(echo.namespace() + "/nobody").payload(payload("{}"))))
            .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(404);
                assertThat(e.getMessage()).contains("Function not found: arn:aws:lambda:us-east-1:" + echo.namespace() + ":function:nobody");
            });
    }

    @Test
    void unknownVersionIs404() {
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(arn(echo)).qualifier("7").payload(payload("{}"))))
            .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void errorsCarryLambdasWireFormat() {
        HttpResponse<byte[]> response = gateway.post(Gateway.invokePath(echo.namespace() + "%2Fnobody"), Map.of(), "{}".getBytes());

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
        assertBadRequest(Gateway.invokePath(URLEncoder.encode("arn:aws:lambda:us-east-1", StandardCharsets.UTF_8)), Map.of());
        assertBadRequest(Gateway.invokePath(echo.namespace() + "%2Fecho:1"), Map.of("X-Amz-Invocation-Type", "Sometimes"));
        assertBadRequest(Gateway.invokePath(echo.namespace() + "%2Fecho"), Map.of("X-Amz-Client-Context", "not base64!"));
        assertBadRequest(Gateway.invokePath(echo.namespace() + "%2Fecho:1") + "?Qualifier=2", Map.of());
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
        String path = Gateway.invokePath(echo.namespace() + "%2Fecho");

        HttpResponse<byte[]> accepted = gateway.post(path, Map.of("Content-Type", JSON), atLimit);
        HttpResponse<byte[]> refused = gateway.post(path, Map.of("Content-Type", JSON), over);

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo(atLimit);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");
    }

    @Test
    void bodyBeyondWhatTheHttpLayerReadsIsStillLambdasShaped413() {
        HttpResponse<byte[]> refused = gateway.post(Gateway.invokePath(echo.namespace() + "%2Fecho"), Map.of(), filled(9 * 1024 * 1024));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");
        assertThat(Gateway.json(refused.body()).path("Type").asText()).isEqualTo("User");
    }

    @Test
    void eventPayloadOfExactlyOneMebibyteIsAcceptedAndOneByteMoreIs413() {
        String path = Gateway.invokePath(echo.namespace() + "%2Fecho");
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
        QueueNames broken = topology.function("broken");
        functions.create(broken, "dev.kfn.gateway.testfunctions.Echo::echo");
        functions.markInvalid(broken, "spec.timeout: \"30\" has no unit; write a duration such as 30s");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(arn(broken)).payload(payload("{}"))))
                .isInstanceOfSatisfying(ResourceNotReadyException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("has no unit");
                }));
    }

    @Test
    void functionWhoseQueuesAreNotDeclaredIs502() {
        QueueNames undeclared = new QueueNames(topology.namespace, "undeclared");
        functions.create(undeclared, "dev.kfn.gateway.testfunctions.Echo::echo");
        awaitKnown(undeclared);

        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(arn(undeclared)).invocationType(InvocationType.EVENT)
            .payload(payload("{}"))))
            .isInstanceOfSatisfying(ResourceNotReadyException.class, e -> assertThat(e.getMessage()).contains("not declared"));
    }

    @Test
    void queueAtItsBoundIs429WithReasonAndRetryAfter() throws Exception {
        QueueNames bounded = topology.function("bounded", 1);
        functions.create(bounded, "dev.kfn.gateway.testfunctions.Echo::echo");
        awaitKnown(bounded);
        assertThat(topology.publishConfirmed(bounded.sync(), "{}".getBytes())).as("the first message fits").isTrue();
        String path = Gateway.invokePath(bounded.namespace() + "%2Fbounded");

        HttpResponse<byte[]> call = gateway.post(path, Map.of(), "{}".getBytes());
        HttpResponse<byte[]> event = null;
        for (int sent = 0; sent < 5 && (event == null || event.statusCode() == 202); sent++) {
            event = gateway.post(path, Map.of("X-Amz-Invocation-Type", "Event"), "{}".getBytes());
        }

        for (HttpResponse<byte[]> refused : List.of(call, event)) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(Gateway.json(refused.body()).path("Reason").asText()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
        }
        assertThat(topology.ready(bounded.sync())).as("a classic queue's bound is exact").isEqualTo(1);
        assertThat(topology.ready(bounded.async())).as("a quorum queue refuses once it is over its bound").isBetween(1L, 2L);
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(arn(bounded)).payload(payload("{}"))))
            .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.reason()).hasToString(
                "ReservedFunctionConcurrentInvocationLimitExceeded"));
        assertThat(gateway.metric("kfn_gateway_publish_failures_total", "reason=\"queue_full\"")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void callNoInstanceTakesIs504AndItsMessageExpiresUnrun() throws Exception {
        QueueNames unserved = topology.function("unserved");
        functions.create(unserved, "dev.kfn.gateway.testfunctions.Echo::echo", "1s", Map.of());
        awaitKnown(unserved);

        HttpResponse<byte[]> response = gateway.post(Gateway.invokePath(unserved.namespace() + "%2Funserved"), Map.of(), "{}".getBytes());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ServiceException");
        JsonNode body = Gateway.json(response.body());
        assertThat(body.path("Reason").asText()).isEqualTo("CallerWaitExceeded");
        assertThat(body.path("message").asText()).contains("timeout 1.00s + queueing allowance 10.00s");
        await().atMost(Duration.ofSeconds(10)).until(() -> topology.ready(unserved.sync()) == 0);
        assertThat(gateway.metric("kfn_gateway_reply_timeouts_total", "function=\"unserved\"")).isEqualTo(1);
    }

    @Test
    void eventForAFunctionWithNoReadyInstanceWakesTheAutoscaler() throws Exception {
        QueueNames asleep = topology.function("asleep");
        functions.create(asleep, "dev.kfn.gateway.testfunctions.Echo::echo");
        awaitKnown(asleep);
        String wakes = topology.queue("wakes");
        topology.channel().exchangeDeclare(AutoscalerWake.EXCHANGE, BuiltinExchangeType.FANOUT, true);
        topology.channel().queueBind(wakes, AutoscalerWake.EXCHANGE, "");

        lambda.invoke(r -> r.functionName(arn(asleep)).invocationType(InvocationType.EVENT).payload(payload("{}")));

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GetResponse wake;
            while ((wake = topology.channel().basicGet(wakes, true)) != null) {
                if (AutoscalerWake.parse(wake.getBody()).filter(asleep::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        });
        assertThat(topology.ready(asleep.async())).isEqualTo(1);
    }

    @Test
    void syncMessageFollowsTheContractAndTheReplyIsMatchedByCorrelationId() throws Exception {
        QueueNames manual = topology.function("manual");
        functions.create(manual, "dev.kfn.gateway.testfunctions.Echo::echo", "5s", Map.of());
        awaitKnown(manual);
        String context = java.util.Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes());
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var call = gateway.postAsync(Gateway.invokePath(manual.namespace() + "%2Fmanual"),
            Map.of("X-Amz-Client-Context", context, "traceparent", traceparent, "Content-Type", "text/plain"), "ping".getBytes());
        GetResponse message = await().atMost(Duration.ofSeconds(10))
            .until(() -> topology.channel().basicGet(manual.sync(), true), m -> m != null);

        AMQP.BasicProperties p = message.getProps();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("ping");
        assertThat(p.getReplyTo()).startsWith("kfn.reply.");
        assertThat(p.getCorrelationId()).isNotBlank();
        assertThat(p.getMessageId()).isNotBlank().isNotEqualTo(p.getCorrelationId());
        // the queueing allowance: started later, the call could not finish while its caller waits
        assertThat(p.getExpiration()).isEqualTo("10000");
        assertThat(p.getContentType()).isEqualTo("text/plain");
        assertThat(p.getDeliveryMode()).isEqualTo(1);
        assertThat(p.getHeaders()).containsEntry("kfn-invocation-type", longString("RequestResponse"))
            .containsEntry("kfn-source", longString("gateway")).containsEntry("kfn-client-context", longString(context))
            .containsEntry("traceparent", longString(traceparent));

        topology.channel().basicPublish("", p.getReplyTo(), new AMQP.BasicProperties.Builder().correlationId("someone-else").build(),
            "not yours".getBytes());
        topology.channel().basicPublish("", p.getReplyTo(), new AMQP.BasicProperties.Builder().correlationId(p.getCorrelationId())
            .headers(Map.of("kfn-function-error", "Unhandled", "kfn-executed-version", "$LATEST")).build(), "{\"errorType\":\"x\"}".getBytes());

        HttpResponse<byte[]> answer = call.join();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errorType\":\"x\"}");
        assertThat(answer.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
        assertThat(answer.headers().firstValue("x-amzn-RequestId")).contains(p.getMessageId());
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.metric("kfn_gateway_replies_unmatched_total") >= 1);
    }

    @Test
    void eventMessageIsPersistentFirstAttemptFromTheGateway() throws Exception {
        QueueNames parked = topology.function("parked");
        functions.create(parked, "dev.kfn.gateway.testfunctions.Echo::echo");
        awaitKnown(parked);

        HttpResponse<byte[]> accepted = gateway.post(Gateway.invokePath(parked.namespace() + "%2Fparked"),
            Map.of("X-Amz-Invocation-Type", "Event"), "{}".getBytes());
        GetResponse message = topology.channel().basicGet(parked.async(), true);

        assertThat(accepted.statusCode()).isEqualTo(202);
        AMQP.BasicProperties p = message.getProps();
        assertThat(p.getMessageId()).isEqualTo(accepted.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getReplyTo()).isNull();
        assertThat(p.getExpiration()).isNull();
        assertThat(p.getHeaders()).containsEntry("kfn-invocation-type", longString("Event")).containsEntry("kfn-attempt", 1)
            .containsKey("kfn-enqueued-at");
    }

    private static LongString longString(String text) {
        return LongStringHelper.asLongString(text);
    }

    @Test
    void shortRouteInvokesSynchronously() {
        HttpResponse<byte[]> response = gateway.post("/functions/" + echo.namespace() + "/echo", Map.of("Content-Type", JSON),
            "{\"via\":\"curl\"}".getBytes());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"via\":\"curl\"}");
        assertThat(response.headers().firstValue("X-Amz-Executed-Version")).contains("$LATEST");
    }

    @Test
    void metricsCountRequestsByFunctionTypeAndStatus() {
        lambda.invoke(r -> r.functionName(arn(failing)).payload(payload("{}")));

        assertThat(gateway.metric("kfn_gateway_invocations_seconds_count", "function=\"failing\"", "type=\"RequestResponse\"",
            "status=\"200\"")).isGreaterThanOrEqualTo(1);
        assertThat(gateway.metric("kfn_gateway_invocations_seconds_bucket", "function=\"failing\"")).isPositive();
        assertThat(gateway.get("/q/metrics")).contains("kfn_gateway_invocations_in_flight");
    }

    @Test
    void readinessReportsFunctionsAndBroker() {
        assertThat(gateway.get("/q/health/ready")).contains("\"functions-synced\": true").contains("\"broker-connected\": true");
    }
}
