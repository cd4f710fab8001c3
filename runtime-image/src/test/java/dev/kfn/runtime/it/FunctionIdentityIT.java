package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.ReplyRoute;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.runtime.broker.UnfinishedDeliveries;
import dev.kfn.testsupport.FunctionIdentity;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host as a function pod runs it: logged in with the function's own broker identity, which may read only its
 * own queues, publish only replies under its own name, into its own queues through {@code kfn.self} and to its
 * declared destinations through {@code kfn.destination}, and declare nothing. Every ending of an invocation still
 * happens on the real broker.
 */
class FunctionIdentityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTopology topology;
    private RecordQueues records;
    private Messages messages;
    private FunctionId worker;
    private FunctionId target;
    private String failures;
    private FunctionIdentity identity;

    @BeforeEach
    void topology() throws Exception {
        topology = new TestTopology("rt-identity");
        records = new RecordQueues(topology);
        messages = new Messages(topology.channel());
        worker = topology.function("worker");
        target = topology.function("target");
        failures = records.queue("failures");
        identity = new FunctionIdentity(
                BrokerSettings.defaults(),
                worker,
                List.of(new DestinationAddress.ToFunction(target), new DestinationAddress.ToQueue(failures)));
    }

    @AfterEach
    void close() throws Exception {
        identity.close();
        messages.close();
        records.close();
        topology.close();
    }

    private HostProcess host() {
        return TestHosts.java(worker, "dev.kfn.testfunctions.Steered::handle")
                .broker(identity.settings())
                .env("KFN_TIMEOUT_MILLIS", 60000)
                .env("KFN_ON_SUCCESS", "function:" + target)
                .env("KFN_ON_FAILURE", "queue:" + failures)
                .env("KFN_MAX_RETRIES", 2)
                .env("KFN_RETRY_DELAYS", "200ms,400ms");
    }

    @Test
    void aCallIsAnsweredThroughTheReplyExchangeUnderTheFunctionsOwnName() throws Exception {
        try (HostProcess host = host().startReady()) {
            String id = messages.call(worker, "{\"id\":\"call\"}", WAIT);

            GetResponse reply = messages.reply(id, WAIT);
            assertThat(Messages.body(reply)).isEqualTo("\"done: call\"");
            assertThat(ReplyRoute.answeredBy(
                            messages.replyQueue(), reply.getEnvelope().getRoutingKey()))
                    .contains(worker);
            assertThat(host.log()).doesNotContain("ACCESS_REFUSED");
        }
    }

    @Test
    void aFailingEventIsRetriedThenDeadLetteredWithItsReasonAndOnFailureRecord() throws Exception {
        try (HostProcess host = host().startReady()) {
            String id = messages.event(worker, "{\"fail\":\"always\"}");

            GetResponse dead = messages.next(worker.queues().deadLetter(), WAIT);
            assertThat(dead.getProps().getMessageId()).isEqualTo(id);
            assertThat(Messages.header(dead, InvocationHeaders.ATTEMPT)).isEqualTo("3");
            assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON))
                    .isEqualTo("RetriesExhausted");
            assertThat((String) Messages.header(dead, InvocationHeaders.ERROR)).contains("failed: always");

            JsonNode record = JSON.readTree(messages.next(failures, WAIT, id).getBody());
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.at("/requestContext/approximateInvokeCount").asInt())
                    .isEqualTo(3);
            assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("failed: always");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(host.metric("kfn_retries_total", "function=\"worker\""))
                            .isEqualTo(2.0));
        }
    }

    @Test
    void anOnSuccessRecordArrivesAtTheDestinationFunctionAsItsEvent() throws Exception {
        try (HostProcess host = host().startReady()) {
            String id = messages.event(worker, "{\"id\":\"event\"}");

            GetResponse event = messages.next(target.queues().async(), WAIT, id);
            assertThat(Messages.header(event, InvocationHeaders.SOURCE)).isEqualTo("function:" + worker);
            JsonNode record = JSON.readTree(event.getBody());
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("Success");
            assertThat(record.at("/responsePayload").asText()).isEqualTo("done: event");
        }
    }

    /**
     * Both ways a host puts a delivery back into its function's own queue: a waiting call given back on SIGTERM
     * (published again with its count unchanged), and a redelivered call queued again with the count carried on.
     */
    @Test
    void aDeliveryHandedBackArrivesInTheFunctionsOwnQueue() throws Exception {
        Gates eventGate = new Gates();
        Gates callGate = new Gates();
        String eventId;
        String callId;
        try (HostProcess first = host().startReady()) {
            eventId = messages.event(worker, eventGate.event("event"));
            await().atMost(WAIT).until(() -> eventGate.started().contains("event"));
            callId = messages.call(worker, callGate.event("call"), Duration.ofMinutes(1));
            await().atMost(WAIT).until(() -> topology.ready(worker.queues().sync()) == 0);

            first.terminate();
            await().atMost(WAIT).until(() -> first.log().contains("Stopped taking invocations"));
            // a give-back the broker refused would have been nacked instead: redelivered
            try (Channel peek = topology.channel()) {
                GetResponse waiting = peek.basicGet(worker.queues().sync(), false);
                assertThat(waiting.getEnvelope().isRedeliver()).isFalse();
                assertThat(Messages.header(waiting, UnfinishedDeliveries.HEADER))
                        .isEqualTo("0");
            }
            eventGate.open();
            assertThat(first.awaitExit(WAIT)).isZero();
        }
        assertThat(messages.next(target.queues().async(), WAIT, eventId)).isNotNull();

        // the peek returned the call unsettled, so it comes back redelivered: the next host queues it again first
        callGate.open();
        try (HostProcess second = host().startReady()) {
            assertThat(Messages.body(messages.reply(callId, WAIT))).isEqualTo("\"call\"");
            assertThat(second.log()).contains("queueing it again with that count");
        }
        assertThat(callGate.started()).containsExactly("call");
    }

    @Test
    void aConsumerCancelledWithItsQueueConsumesAgainOnceTheQueueIsBack() throws Exception {
        try (HostProcess host = host().startReady()) {
            long pid = host.pid();
            try (Channel channel = topology.channel()) {
                channel.queueDelete(worker.queues().sync());
            }
            await().atMost(WAIT).until(() -> !host.ready());
            try (Channel channel = topology.channel()) {
                FunctionTopology.of(worker, FunctionTopology.Options.DEFAULTS, OptionalInt.empty())
                        .declare(channel);
            }
            host.awaitReady();

            String id = messages.call(worker, "{\"id\":\"back\"}", WAIT);
            assertThat(Messages.body(messages.reply(id, WAIT))).isEqualTo("\"done: back\"");
            assertThat(host.pid()).isEqualTo(pid);
        }
    }
}
