package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Asynchronous events through real hosts: destinations, retries through the retry queues, dead letters. */
class AsyncInvocationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestTopology topology;
    private static RecordQueues records;
    private static Messages messages;
    private static HostProcess greeter;
    private static HostProcess failing;
    private static FunctionId greeterFunction;
    private static FunctionId failingFunction;
    private static String successes;
    private static String failures;

    @BeforeAll
    static void startHosts() throws Exception {
        topology = new TestTopology("rt-test");
        records = new RecordQueues(topology);
        messages = new Messages(topology.channel());
        successes = records.queue("successes");
        failures = records.queue("failures");
        greeterFunction = topology.function("greeter");
        failingFunction = topology.function("failing");
        greeter = TestHosts.java(greeterFunction, "dev.kfn.testfunctions.Greeter")
                .env("KFN_ON_SUCCESS", "queue:" + successes)
                .env("KFN_ON_FAILURE", "topic:failures")
                .env("KFN_MAX_EVENT_AGE_SECONDS", 60)
                .start();
        failing = TestHosts.java(failingFunction, "dev.kfn.testfunctions.Plain::fail")
                .env("KFN_ON_FAILURE", "function:" + topology.namespace + "/greeter")
                .env("KFN_MAX_RETRIES", 2)
                .env("KFN_RETRY_DELAYS", "200ms,400ms")
                .start();
        greeter.awaitReady();
        failing.awaitReady();
        records.subscribe(
                failures, new DestinationAddress.ToTopic(greeterFunction.namespace(), "failures").routingKey());
    }

    @AfterAll
    static void stopHosts() throws Exception {
        greeter.close();
        failing.close();
        messages.close();
        records.close();
        topology.close();
    }

    @Test
    void successSendsLambdasDestinationRecord() throws Exception {
        String id = messages.event(greeterFunction, "{\"name\":\"Eve\"}");
        JsonNode record = JSON.readTree(messages.next(successes, WAIT, id).getBody());
        assertThat(record.path("version").asText()).isEqualTo("1.0");
        assertThat(record.at("/requestContext/requestId").asText()).isEqualTo(id);
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("Success");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(record.at("/requestContext/functionArn").asText()).endsWith(":function:greeter:$LATEST");
        assertThat(record.at("/requestPayload/name").asText()).isEqualTo("Eve");
        assertThat(record.at("/responseContext/statusCode").asInt()).isEqualTo(200);
        assertThat(record.at("/responsePayload/message").asText()).isEqualTo("Hello, Eve");
    }

    @Test
    void failureIsRetriedThenDeadLetteredWithTheErrorAndSentOnFailure() throws Exception {
        String id = messages.event(failingFunction, "{\"reason\":\"always\"}");

        GetResponse dead = messages.next(failingFunction.queues().deadLetter(), WAIT);
        assertThat(dead.getProps().getMessageId()).isEqualTo(id);
        assertThat(Messages.body(dead)).isEqualTo("{\"reason\":\"always\"}");
        assertThat(Messages.header(dead, InvocationHeaders.ATTEMPT)).isEqualTo("3");
        assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON)).isEqualTo("RetriesExhausted");
        assertThat((String) Messages.header(dead, InvocationHeaders.ERROR))
                .contains("boom: always", "java.lang.IllegalStateException");

        // the onFailure destination is another function: the record arrives there as an event and runs it
        JsonNode record = JSON.readTree(messages.next(successes, WAIT, id).getBody());
        assertThat(record.at("/requestPayload/requestContext/requestId").asText())
                .isEqualTo(id);
        assertThat(record.at("/requestPayload/requestContext/condition").asText())
                .isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestPayload/requestContext/approximateInvokeCount")
                        .asInt())
                .isEqualTo(3);
        assertThat(record.at("/requestPayload/responseContext/functionError").asText())
                .isEqualTo("Unhandled");
        assertThat(record.at("/requestPayload/responsePayload/errorMessage").asText())
                .isEqualTo("boom: always");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(failing.metric("kfn_retries_total", "function=\"failing\""))
                    .isEqualTo(2.0);
            assertThat(failing.metric("kfn_dead_letters_total", "function=\"failing\""))
                    .isEqualTo(1.0);
            assertThat(failing.metric("kfn_invocations_total", "result=\"error\""))
                    .isEqualTo(3.0);
            // each of the three attempts ran at some age since the event's first enqueue (Lambda's AsyncEventAge)
            assertThat(failing.metric("kfn_async_event_age_seconds_count", "function=\"failing\""))
                    .isEqualTo(3.0);
        });
    }

    @Test
    void eventOlderThanMaxEventAgeIsDeadLetteredWithoutRunningAndReportedToATopic() throws Exception {
        String id = messages.event(
                greeterFunction, "{\"name\":\"Old\"}", Instant.now().minus(Duration.ofMinutes(2)));

        GetResponse dead = messages.next(greeterFunction.queues().deadLetter(), WAIT);
        assertThat(dead.getProps().getMessageId()).isEqualTo(id);
        assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON)).isEqualTo("EventAgeExceeded");
        JsonNode record = JSON.readTree(messages.next(failures, WAIT, id).getBody());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("EventAgeExceeded");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isZero();
        assertThat(record.has("responsePayload")).isFalse();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(greeter.metric("kfn_invocations_total", "result=\"stale\""))
                        .isEqualTo(1.0));
    }

    /** Lambda's platform lines, on the instance's output, for every invocation that runs. */
    @Test
    void everyRunIsLoggedWithLambdasStartEndAndReportLines() throws Exception {
        String id = messages.event(greeterFunction, "{\"name\":\"Log\"}");
        messages.next(successes, WAIT, id);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(greeter.log())
                        .contains("START RequestId: " + id + " Version: $LATEST\n", "END RequestId: " + id + "\n")
                        .containsPattern("REPORT RequestId: " + id
                                + "\tDuration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB"
                                + "\tMax Memory Used: \\d+ MB"));
    }
}
