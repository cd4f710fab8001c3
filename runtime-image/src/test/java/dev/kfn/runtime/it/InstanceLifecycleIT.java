package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.runtime.broker.UnfinishedDeliveries;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What happens to work when an instance dies or is told to stop, with real processes and signals. */
class InstanceLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTopology topology;
    private RecordQueues records;
    private Messages messages;
    private FunctionId gate;
    private String successes;
    private Gates gates;

    @BeforeEach
    void topology() throws Exception {
        topology = new TestTopology("rt-test");
        records = new RecordQueues(topology);
        messages = new Messages(topology.channel());
        gate = topology.function("gate");
        successes = records.queue("successes");
        gates = new Gates();
    }

    @AfterEach
    void close() throws Exception {
        messages.close();
        records.close();
        topology.close();
    }

    private HostProcess host() {
        return TestHosts.java(gate, "dev.kfn.testfunctions.Gate::pass")
                .env("KFN_TIMEOUT_MILLIS", 60000)
                .env("KFN_ON_SUCCESS", "queue:" + successes);
    }

    /**
     * Published again rather than nacked: a nack would mark it redelivered, and a redelivery counts as one an
     * instance lost. Peeking without an ack puts it back (then redelivered, as a lost one).
     */
    private void assertGivenBackAsANewDelivery(String queue) throws Exception {
        try (Channel peek = topology.channel()) {
            GetResponse waiting = peek.basicGet(queue, false);
            assertThat(waiting.getEnvelope().isRedeliver()).isFalse();
            assertThat(Messages.header(waiting, UnfinishedDeliveries.HEADER)).isEqualTo("0");
        }
    }

    @Test
    void eventInFlightWhenTheHostIsKilledRunsAgainOnANewHost() throws Exception {
        String id;
        try (HostProcess first = host().start()) {
            first.awaitReady();
            id = messages.event(gate, gates.event("event"));
            await().atMost(WAIT).until(() -> gates.started().contains("event"));
            first.kill();
        }
        gates.open();
        try (HostProcess second = host().start()) {
            second.awaitReady();
            String record = new String(messages.next(successes, WAIT, id).getBody());
            assertThat(JSON.readTree(record).at("/requestContext/requestId").asText())
                    .isEqualTo(id);
        }
        assertThat(gates.started()).containsExactly("event", "event");
    }

    @Test
    void sigtermLetsTheRunningInvocationFinishAndGivesBackTheWaitingOne() throws Exception {
        String eventId;
        String callId;
        try (HostProcess host = host().start()) {
            host.awaitReady();
            eventId = messages.event(gate, gates.event("event"));
            await().atMost(WAIT).until(() -> gates.started().contains("event"));
            callId = messages.call(gate, gates.event("call"), Duration.ofMinutes(1));
            // delivered to the host, waiting there for the one slot
            await().atMost(WAIT).until(() -> topology.ready(gate.queues().sync()) == 0);

            host.terminate();
            await().atMost(WAIT).until(() -> host.log().contains("Stopped taking invocations"));
            gates.open();

            assertThat(host.awaitExit(WAIT)).isZero();
            String record = new String(messages.next(successes, WAIT, eventId).getBody());
            assertThat(JSON.readTree(record).at("/requestContext/condition").asText())
                    .isEqualTo("Success");
            assertThat(topology.ready(gate.queues().sync())).isEqualTo(1);
            assertThat(topology.ready(gate.queues().async())).isZero();
            assertGivenBackAsANewDelivery(gate.queues().sync());
        }
        try (HostProcess next = host().start()) {
            next.awaitReady();
            assertThat(Messages.body(messages.reply(callId, WAIT))).isEqualTo("\"call\"");
        }
        assertThat(gates.started()).containsExactly("event", "call");
    }
}
