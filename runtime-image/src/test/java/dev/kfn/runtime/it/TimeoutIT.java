package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deadlines and ends of java handlers in real hosts. Lambda resets the sandbox after a timeout, so the instance
 * answers the timed-out call, lets the other slots finish, and exits 1 to be replaced by a fresh one; a handler that
 * calls System.exit gets Runtime.ExitError at once; an init that never ends is an init error.
 */
class TimeoutIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestTopology topology;
    private static Messages messages;

    @BeforeAll
    static void broker() throws Exception {
        topology = new TestTopology("rt-test");
        messages = new Messages(topology.channel());
    }

    @AfterAll
    static void close() throws Exception {
        messages.close();
        topology.close();
    }

    private static JsonNode answer(FunctionId function, String payload) throws Exception {
        return JSON.readTree(
                messages.reply(messages.call(function, payload, WAIT), WAIT).getBody());
    }

    @Test
    void timeoutIsAnsweredAndTheInstanceIsReplacedSoStaticStateDoesNotSurvive() throws Exception {
        FunctionId stateful = topology.function("stateful");
        try (HostProcess host = TestHosts.java(stateful, "dev.kfn.testfunctions.Stateful::visit")
                .env("KFN_TIMEOUT_MILLIS", 1000)
                .start()) {
            host.awaitReady();
            assertThat(answer(stateful, "{}").asInt()).isEqualTo(1);
            String id = messages.call(stateful, "{\"millis\":30000}", WAIT);
            GetResponse timedOut = messages.reply(id, WAIT);
            assertThat(Messages.header(timedOut, InvocationHeaders.FUNCTION_ERROR))
                    .isEqualTo("Unhandled");
            assertThat(Messages.body(timedOut))
                    .isEqualTo("{\"errorMessage\":\"RequestId: " + id
                            + " Error: Task timed out after 1.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");
            assertThat(host.awaitExit(WAIT)).isEqualTo(1);
        }
        try (HostProcess fresh = TestHosts.java(stateful, "dev.kfn.testfunctions.Stateful::visit")
                .start()) {
            fresh.awaitReady();
            assertThat(answer(stateful, "{}").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aTimeoutLetsTheOtherSlotsFinishTakesNothingNewAndThenReplacesTheInstance() throws Exception {
        FunctionId recorder = topology.function("recorder");
        Effects effects = new Effects();
        String late;
        try (HostProcess host = TestHosts.java(recorder, "dev.kfn.testfunctions.Recorder::record")
                .env("KFN_TIMEOUT_MILLIS", 4000)
                .env("KFN_CONCURRENCY", 2)
                .startReady()) {
            String slow = messages.call(recorder, effects.event("slow", 60_000), WAIT);
            // the other call must still run when the slow one times out: start it once the slow one ran for 2 of its 4
            // s
            await().atMost(WAIT)
                    .until(() -> effects.started().contains("slow")
                            && effects.lastStarted()
                                    .orElseThrow()
                                    .isBefore(Instant.now().minusSeconds(2)));
            String other = messages.call(recorder, effects.event("other", 2500), WAIT);

            assertThat(Messages.body(messages.reply(slow, WAIT))).contains("Sandbox.Timedout");
            late = messages.call(recorder, effects.event("late", 0), WAIT);
            assertThat(Messages.body(messages.reply(other, WAIT))).isEqualTo("\"other\"");
            assertThat(host.awaitExit(WAIT)).isEqualTo(1);
            assertThat(effects.started()).containsExactly("slow", "other");
            assertThat(effects.ran()).containsExactly("other");
        }
        try (HostProcess fresh = TestHosts.java(recorder, "dev.kfn.testfunctions.Recorder::record")
                .startReady()) {
            assertThat(Messages.body(messages.reply(late, WAIT))).isEqualTo("\"late\"");
        }
    }

    @Test
    void handlerThatIgnoresItsInterruptGetsTheInstanceReplaced() throws Exception {
        FunctionId spinner = topology.function("spinner");
        try (HostProcess host = TestHosts.java(spinner, "dev.kfn.testfunctions.Plain::spin")
                .env("KFN_TIMEOUT_MILLIS", 1000)
                .start()) {
            host.awaitReady();
            String id = messages.call(spinner, "{\"millis\":600000}", WAIT);
            assertThat(Messages.body(messages.reply(id, WAIT)))
                    .contains("Sandbox.Timedout", "Task timed out after 1.00 seconds");
            assertThat(host.awaitExit(WAIT)).isEqualTo(1);
        }
        try (HostProcess replacement =
                TestHosts.java(spinner, "dev.kfn.testfunctions.Plain::spin").start()) {
            replacement.awaitReady();
            assertThat(Messages.body(messages.reply(messages.call(spinner, "{\"millis\":1}", WAIT), WAIT)))
                    .isEqualTo("\"spun\"");
        }
    }

    @Test
    void systemExitInAHandlerIsAnExitErrorAtOnceNotATimeout() throws Exception {
        FunctionId exiting = topology.function("exiting");
        Effects effects = new Effects();
        try (HostProcess host = TestHosts.java(exiting, "dev.kfn.testfunctions.Crash::exit")
                .env("KFN_TIMEOUT_MILLIS", 120_000)
                .startReady()) {
            // the caller waits far less than the timeout: a Sandbox.Timedout would come too late
            GetResponse reply = messages.reply(messages.call(exiting, effects.event("exit", 0), WAIT), WAIT);
            assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
            JsonNode error = JSON.readTree(reply.getBody());
            assertThat(error.path("errorType").asText()).isEqualTo("Runtime.ExitError");
            assertThat(error.path("errorMessage").asText()).contains("System.exit");
            assertThat(host.awaitExit(WAIT)).isEqualTo(3);
        }
    }

    @Test
    void anInitThatOutlivesTheInitTimeoutIsAnInitErrorAndTheInstanceIsReplaced() throws Exception {
        FunctionId slowInit = topology.function("slow-init");
        try (HostProcess host = TestHosts.java(slowInit, "dev.kfn.testfunctions.SlowInit::handle")
                .env("KFN_INIT_TIMEOUT", "1s")
                .start()) {
            JsonNode error = answer(slowInit, "{}");
            assertThat(error.path("errorType").asText()).isEqualTo("Runtime.InitTimeout");
            assertThat(error.path("errorMessage").asText()).contains("did not finish within 1000 ms");
            assertThat(host.awaitExit(WAIT)).isEqualTo(1);
        }
    }
}
