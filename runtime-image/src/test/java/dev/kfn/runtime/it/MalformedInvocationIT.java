package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages on a function's queues that no kfn publisher would write: each ends as Lambda's error for its caller or a
 * dead letter with its reason, and the host's one slot serves the next call as if nothing happened.
 */
class MalformedInvocationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestTopology topology;
    private static RecordQueues records;
    private static Messages messages;
    private static FunctionId shout;
    private static HostProcess host;
    private static String failures;
    private static String successes;

    @BeforeAll
    static void startHost() throws Exception {
        topology = new TestTopology("rt-test");
        records = new RecordQueues(topology);
        messages = new Messages(topology.channel());
        failures = records.queue("failures");
        successes = records.queue("successes");
        shout = topology.function("shout");
        host = TestHosts.java(shout, "dev.kfn.testfunctions.Plain::shout")
                .env("KFN_ON_FAILURE", "queue:" + failures)
                .env("KFN_ON_SUCCESS", "queue:" + successes)
                .env("KFN_CONCURRENCY", 1)
                .startReady();
    }

    @AfterAll
    static void stopHost() throws Exception {
        host.close();
        messages.close();
        records.close();
        topology.close();
    }

    @AfterEach
    void theOneSlotStillServes() throws Exception {
        assertThat(host.alive()).isTrue();
        assertThat(Messages.body(messages.reply(messages.call(shout, "\"still here\"", WAIT), WAIT)))
                .isEqualTo("\"STILL HERE!\"");
    }

    private static AMQP.BasicProperties call(String correlationId, String header, Object value) {
        InvocationMessage call = InvocationMessage.sync(
                UUID.randomUUID().toString(),
                correlationId,
                messages.replyQueue(),
                WAIT,
                "test",
                InvocationMessage.Context.NONE,
                Instant.now());
        return withHeader(call.encode(), header, value);
    }

    private static AMQP.BasicProperties event(String requestId, String header, Object value) {
        return withHeader(
                InvocationMessage.event(requestId, "test", InvocationMessage.Context.NONE, Instant.now())
                        .encode(),
                header,
                value);
    }

    private static AMQP.BasicProperties withHeader(AMQP.BasicProperties properties, String header, Object value) {
        Map<String, Object> headers = new HashMap<>(properties.getHeaders());
        headers.put(header, value);
        return properties.builder().headers(headers).build();
    }

    private static JsonNode refusedCall(AMQP.BasicProperties properties) throws Exception {
        messages.publish(shout.queues().sync(), properties, "\"hi\"");
        GetResponse reply = messages.reply(properties.getCorrelationId(), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(reply.getBody());
        assertThat(error.path("errorType").asText()).isEqualTo("InvalidRequestContentException");
        return error;
    }

    private static GetResponse deadLetter(AMQP.BasicProperties properties) throws Exception {
        messages.publish(shout.queues().async(), properties, "\"hi\"");
        GetResponse dead = messages.next(shout.queues().deadLetter(), WAIT);
        assertThat(dead.getProps().getMessageId()).isEqualTo(properties.getMessageId());
        assertThat(Messages.body(dead)).isEqualTo("\"hi\"");
        assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON)).isEqualTo("InvalidInvocation");
        JsonNode record = JSON.readTree(
                messages.next(failures, WAIT, properties.getMessageId()).getBody());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("InvalidInvocation");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isZero();
        assertThat(record.has("responsePayload")).isFalse();
        return dead;
    }

    @Test
    void callWithANonNumericAttemptIsAnsweredWithTheReason() throws Exception {
        JsonNode error = refusedCall(call(UUID.randomUUID().toString(), InvocationHeaders.ATTEMPT, "three"));
        assertThat(error.path("errorMessage").asText()).contains("kfn-attempt must be a whole number", "three");
    }

    @Test
    void callWithAClientContextOverLambdasLimitIsAnsweredWithTheReason() throws Exception {
        JsonNode error =
                refusedCall(call(UUID.randomUUID().toString(), InvocationHeaders.CLIENT_CONTEXT, "e".repeat(10_000)));
        assertThat(error.path("errorMessage").asText()).contains("kfn-client-context", "3583");
    }

    @Test
    void callWithAContentTypeNoHeaderCanCarryIsAnsweredWithTheReason() throws Exception {
        AMQP.BasicProperties properties = call(UUID.randomUUID().toString(), "custom", "x");
        JsonNode error = refusedCall(
                properties.builder().contentType("text/plain\nInjected: yes").build());
        assertThat(error.path("errorMessage").asText()).contains("content_type");
    }

    @Test
    void eventWithAHeaderOfTheWrongTypeIsDeadLetteredWithTheReason() throws Exception {
        GetResponse dead = deadLetter(
                event(UUID.randomUUID().toString(), InvocationHeaders.ENQUEUED_AT, Map.of("when", "yesterday")));
        assertThat((String) Messages.header(dead, InvocationHeaders.ERROR))
                .contains("kfn-enqueued-at must be a whole number");
    }

    @Test
    void eventWithAnAttemptBelowOneIsDeadLetteredWithTheReason() throws Exception {
        GetResponse dead = deadLetter(event(UUID.randomUUID().toString(), InvocationHeaders.ATTEMPT, 0));
        assertThat((String) Messages.header(dead, InvocationHeaders.ERROR)).contains("kfn-attempt must be 1 or more");
    }

    @Test
    void eventWithAHugeHeaderIsDeadLetteredWithoutIt() throws Exception {
        GetResponse dead = deadLetter(event(UUID.randomUUID().toString(), "x-custom", "h".repeat(100_000)));
        assertThat((String) Messages.header(dead, InvocationHeaders.ERROR)).contains("more than 65536");
        assertThat(dead.getProps().getHeaders()).doesNotContainKey("x-custom");
    }

    @Test
    void eventWithoutAnyHeaderRunsAsAFirstAttempt() throws Exception {
        String id = UUID.randomUUID().toString();
        messages.publish(
                shout.queues().async(),
                new AMQP.BasicProperties.Builder().messageId(id).build(),
                "\"bare\"");
        JsonNode record = JSON.readTree(messages.next(successes, WAIT, id).getBody());
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(record.path("responsePayload").asText()).isEqualTo("BARE!");
    }
}
