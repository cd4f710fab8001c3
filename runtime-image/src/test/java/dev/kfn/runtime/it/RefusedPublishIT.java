package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the host publishes after an event ran, when the broker cannot take it: nothing is confirmed and silently
 * dropped, and every event still ends done, retried, or dead-lettered with its reason.
 */
class RefusedPublishIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTopology topology;
    private RecordQueues records;
    private Messages messages;
    private String failures;

    @BeforeEach
    void topology() throws Exception {
        topology = new TestTopology("rt-test");
        records = new RecordQueues(topology);
        messages = new Messages(topology.channel());
        failures = records.queue("failures");
    }

    @AfterEach
    void close() throws Exception {
        messages.close();
        records.close();
        topology.close();
    }

    private HostProcess failing(FunctionId function, int retries) {
        return TestHosts.java(function, "dev.kfn.testfunctions.Plain::failHuge")
                .env("KFN_ON_FAILURE", "queue:" + failures)
                .env("KFN_MAX_RETRIES", retries)
                .env("KFN_RETRY_DELAYS", "200ms,400ms");
    }

    @Test
    void anErrorLargerThanAHeaderFrameIsDeadLetteredCutToFitAndWholeInTheRecord() throws Exception {
        FunctionId function = topology.function("huge-error");
        try (HostProcess host = failing(function, 0).startReady()) {
            String id = messages.event(function, "{\"size\":200000}");

            GetResponse dead = messages.next(function.queues().deadLetter(), WAIT);
            assertThat(dead.getProps().getMessageId()).isEqualTo(id);
            assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON))
                    .isEqualTo("RetriesExhausted");
            JsonNode error = JSON.readTree((String) Messages.header(dead, InvocationHeaders.ERROR));
            assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(error.path("errorMessage").asText())
                    .startsWith("huge: eee")
                    .contains("cut to fit a header");

            JsonNode record = JSON.readTree(messages.next(failures, WAIT, id).getBody());
            assertThat(record.at("/responsePayload/errorMessage").asText()).hasSize("huge: ".length() + 200_000);
        }
    }

    @Test
    void aSuccessRecordNoQueueTakesIsCountedAndTheEventIsDone() throws Exception {
        FunctionId function = topology.function("recorder");
        Effects effects = new Effects();
        try (HostProcess host = TestHosts.java(function, "dev.kfn.testfunctions.Recorder::record")
                .env("KFN_ON_SUCCESS", "queue:" + topology.namespace + ".nowhere")
                .startReady()) {
            messages.event(function, effects.event("once", 0));
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(
                                    host.metric("kfn_destination_delivery_failures_total", "function=\"recorder\""))
                            .isEqualTo(1.0));
            assertThat(effects.ran()).containsExactly("once");
            assertThat(topology.ready(function.queues().async())).isZero();
            assertThat(topology.ready(function.queues().deadLetter())).isZero();
        }
    }

    @Test
    void aFailedEventWhoseRetryQueueIsGoneIsDeadLetteredWithTheReason() throws Exception {
        FunctionId function = topology.function("no-retry-queue");
        try (Channel channel = topology.channel()) {
            channel.queueDelete(function.queues().retry(1));
        }
        try (HostProcess host = failing(function, 2).startReady()) {
            String id = messages.event(function, "{\"size\":10}");

            GetResponse dead = messages.next(function.queues().deadLetter(), WAIT);
            assertThat(dead.getProps().getMessageId()).isEqualTo(id);
            assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON))
                    .isEqualTo("RetryRefused");
            assertThat(Messages.header(dead, InvocationHeaders.ATTEMPT)).isEqualTo("1");
            JsonNode record = JSON.readTree(messages.next(failures, WAIT, id).getBody());
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetryRefused");
            assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("huge: " + "e".repeat(10));
        }
    }

    @Test
    void anEventWhoseDeadLetterQueueIsGoneWaitsInItsQueueUntilItIsBack() throws Exception {
        FunctionId function = topology.function("no-dead-letters");
        try (Channel channel = topology.channel()) {
            channel.queueDelete(function.queues().deadLetter());
        }
        try (HostProcess host = failing(function, 0).startReady()) {
            String id = messages.event(function, "{\"size\":10}");
            await().atMost(WAIT).until(() -> host.log().contains("giving it back to the queue"));
            try (Channel channel = topology.channel()) {
                FunctionTopology.of(function, FunctionTopology.Options.DEFAULTS, OptionalInt.empty())
                        .declare(channel);
            }

            GetResponse dead = messages.next(function.queues().deadLetter(), WAIT);
            assertThat(dead.getProps().getMessageId()).isEqualTo(id);
            assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON))
                    .isEqualTo("RetriesExhausted");
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"size\":10}");
        }
    }
}
