package dev.kfn.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.kfn.api.InvocationHeaders;
import dev.kfn.api.QueueNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Asynchronous events through real hosts: destinations, retries through the retry queues, dead letters. */
class AsyncInvocationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Topology topology;
    private static Messages messages;
    private static HostProcess greeter;
    private static HostProcess failing;
    private static QueueNames greeterQueues;
    private static QueueNames failingQueues;
    private static String successes;
    private static String failures;

    @BeforeAll
    static void startHosts() throws Exception {
        topology = new Topology();
        messages = new Messages(topology.connection());
        successes = topology.recordQueue("successes");
        failures = topology.recordQueue("failures");
        greeterQueues = topology.function("greeter");
        failingQueues = topology.function("failing");
        greeter = new HostProcess(greeterQueues, "dev.kfn.testfunctions.Greeter")
            .env("KFN_ON_SUCCESS", "queue:" + successes)
            .env("KFN_ON_FAILURE", "topic:" + topology.namespace + ".failures")
            .env("KFN_MAX_EVENT_AGE_SECONDS", 60)
            .start();
        failing = new HostProcess(failingQueues, "dev.kfn.testfunctions.Plain::fail")
            .env("KFN_ON_FAILURE", "function:" + topology.namespace + "/greeter")
            .env("KFN_MAX_RETRIES", 2)
            .env("KFN_RETRY_DELAYS", "200ms,400ms")
            .start();
        greeter.awaitReady();
        failing.awaitReady();
        topology.subscribe(failures, topology.namespace + ".failures");
    }

    @AfterAll
    static void stopHosts() throws Exception {
        greeter.close();
        failing.close();
        messages.close();
        topology.close();
    }

    @Test
    void successSendsLambdasDestinationRecord() throws Exception {
        String id = messages.event(greeterQueues, "{\"name\":\"Eve\"}");
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
        String id = messages.event(failingQueues, "{\"reason\":\"always\"}");

        GetResponse dead = messages.next(failingQueues.deadLetter(), WAIT);
        assertThat(dead.getProps().getMessageId()).isEqualTo(id);
        assertThat(Messages.body(dead)).isEqualTo("{\"reason\":\"always\"}");
        assertThat(Messages.header(dead, InvocationHeaders.ATTEMPT)).isEqualTo("3");
        assertThat(Messages.header(dead, "kfn-dead-letter-reason")).isEqualTo("RetriesExhausted");
        assertThat((String) Messages.header(dead, "kfn-error")).contains("boom: always", "java.lang.IllegalStateException");

        // the onFailure destination is another function: the record arrives there as an event and runs it
        JsonNode record = JSON.readTree(messages.next(successes, WAIT, id).getBody());
        assertThat(record.at("/requestPayload/requestContext/requestId").asText()).isEqualTo(id);
        assertThat(record.at("/requestPayload/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestPayload/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.at("/requestPayload/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.at("/requestPayload/responsePayload/errorMessage").asText()).isEqualTo("boom: always");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(failing.metric("kfn_retries_total", "function=\"failing\"")).isEqualTo(2.0);
            assertThat(failing.metric("kfn_dead_letters_total", "function=\"failing\"")).isEqualTo(1.0);
            assertThat(failing.metric("kfn_invocations_total", "result=\"error\"")).isEqualTo(3.0);
        });
    }

    @Test
    void eventOlderThanMaxEventAgeIsDeadLetteredWithoutRunningAndReportedToATopic() throws Exception {
        long twoMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(2).toMillis();
        String id = messages.event(greeterQueues, "{\"name\":\"Old\"}", twoMinutesAgo);

        GetResponse dead = messages.next(greeterQueues.deadLetter(), WAIT);
        assertThat(dead.getProps().getMessageId()).isEqualTo(id);
        assertThat(Messages.header(dead, "kfn-dead-letter-reason")).isEqualTo("EventAgeExceeded");
        JsonNode record = JSON.readTree(messages.next(failures, WAIT, id).getBody());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("EventAgeExceeded");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isZero();
        assertThat(record.has("responsePayload")).isFalse();
        await().atMost(WAIT).untilAsserted(() ->
            assertThat(greeter.metric("kfn_invocations_total", "result=\"stale\"")).isEqualTo(1.0));
    }
}
