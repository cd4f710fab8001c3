package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invocations that end every host process that runs them (halt, out of memory), with a host started again whenever the
 * last one died, as a Deployment does. Each ends with its reason: an event retried and dead-lettered with
 * {@code Runtime.ExitError} and its {@code onFailure} record, a call answered {@code Runtime.ExitError}; each attempt
 * runs twice at most (the default {@code KFN_MAX_UNFINISHED_DELIVERIES} of 2), on quorum and classic queues alike.
 */
class PoisonEventIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<HostProcess> hosts = new ArrayList<>();
    private TestTopology topology;
    private RecordQueues records;
    private Messages messages;

    @AfterEach
    void close() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        messages.close();
        records.close();
        topology.close();
    }

    private FunctionId function(String queueType) throws Exception {
        topology = new TestTopology("rt-test", BrokerSettings.defaults(), new FunctionTopology.Options(queueType, 10));
        records = new RecordQueues(topology);
        messages = new Messages(topology.channel());
        return topology.function("poison");
    }

    private HostProcess host(FunctionId function, String handler, String failures) {
        return TestHosts.java(function, handler)
                .env("KFN_ON_FAILURE", "queue:" + failures)
                .env("KFN_RETRY_DELAYS", "200ms,400ms")
                .env("KFN_TIMEOUT_MILLIS", 60_000);
    }

    /** Starts a host whenever the last one has died, until {@code done}. */
    private void superviseUntil(Callable<HostProcess> newHost, Callable<Boolean> done) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (hosts.isEmpty() || !hosts.get(hosts.size() - 1).alive()) {
                hosts.add(newHost.call().start());
            }
            return done.call();
        });
    }

    private void assertRetriedThenDeadLettered(FunctionId function, String id, String failures, Effects effects)
            throws Exception {
        GetResponse dead = messages.next(function.queues().deadLetter(), Duration.ofSeconds(5));
        assertThat(dead.getProps().getMessageId()).isEqualTo(id);
        assertThat(Messages.header(dead, InvocationHeaders.DEAD_LETTER_REASON)).isEqualTo("RetriesExhausted");
        assertThat(Messages.header(dead, InvocationHeaders.ATTEMPT)).isEqualTo("3");
        assertThat((String) Messages.header(dead, InvocationHeaders.ERROR))
                .contains("Runtime.ExitError", "Runtime exited before");
        JsonNode record =
                JSON.readTree(messages.next(failures, Duration.ofSeconds(5), id).getBody());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.at("/responsePayload/errorType").asText()).isEqualTo("Runtime.ExitError");
        // three attempts, each run by two instances that died
        assertThat(effects.started()).hasSize(6).containsOnly("poison");
        assertThat(hosts).hasSize(7);
    }

    @Test
    void anEventThatHaltsEveryHostOnAQuorumQueueIsRetriedThenDeadLetteredWithItsReason() throws Exception {
        FunctionId function = function(FunctionTopology.Options.QUORUM);
        String failures = records.queue("failures");
        Effects effects = new Effects();
        String id = messages.event(function, effects.event("poison", 0));

        superviseUntil(
                () -> host(function, "dev.kfn.testfunctions.Crash::halt", failures),
                () -> topology.ready(function.queues().deadLetter()) > 0);
        assertRetriedThenDeadLettered(function, id, failures, effects);
    }

    @Test
    void anEventThatRunsEveryHostOutOfMemoryOnAClassicQueueIsRetriedThenDeadLetteredWithItsReason() throws Exception {
        FunctionId function = function(FunctionTopology.Options.CLASSIC);
        String failures = records.queue("failures");
        Effects effects = new Effects();
        String id = messages.event(function, effects.event("poison", 0));

        superviseUntil(
                () -> host(function, "dev.kfn.testfunctions.Crash::oom", failures),
                () -> topology.ready(function.queues().deadLetter()) > 0);
        assertRetriedThenDeadLettered(function, id, failures, effects);
    }

    @Test
    void aCallThatHaltsItsHostIsAnsweredWithExitErrorAfterTwoRuns() throws Exception {
        FunctionId function = function(FunctionTopology.Options.QUORUM);
        Effects effects = new Effects();
        String id = messages.call(function, effects.event("poison", 0), WAIT);

        superviseUntil(
                () -> host(function, "dev.kfn.testfunctions.Crash::halt", records.queue("unused")),
                () -> topology.ready(messages.replyQueue()) > 0);
        GetResponse reply = messages.reply(id, Duration.ofSeconds(5));
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(JSON.readTree(reply.getBody()).path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(effects.started()).containsExactly("poison", "poison");
        assertThat(hosts).hasSize(3);
    }
}
