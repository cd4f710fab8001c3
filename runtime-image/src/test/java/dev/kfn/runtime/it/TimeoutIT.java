package dev.kfn.runtime.it;

import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines enforced by real hosts: an interruptible handler is stopped in place, a stubborn one gets its instance replaced. */
class TimeoutIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

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

    @Test
    void timedOutHandlerIsInterruptedAndTheNextInvocationSucceeds() throws Exception {
        FunctionId sleepy = topology.function("sleepy");
        try (HostProcess host = TestHosts.java(sleepy, "dev.kfn.testfunctions.Plain::sleep").env("KFN_TIMEOUT_MILLIS", 1000).start()) {
            host.awaitReady();
            String id = messages.call(sleepy, "{\"millis\":30000}", WAIT);
            GetResponse timedOut = messages.reply(id, WAIT);
            assertThat(Messages.header(timedOut, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
            assertThat(Messages.body(timedOut)).isEqualTo("{\"errorMessage\":\"RequestId: " + id
                + " Error: Task timed out after 1.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");

            GetResponse next = messages.reply(messages.call(sleepy, "{\"millis\":1}", WAIT), WAIT);
            assertThat(Messages.body(next)).isEqualTo("\"slept\"");
            assertThat(host.alive()).isTrue();
            assertThat(host.metric("kfn_timeouts_total", "function=\"sleepy\"")).isEqualTo(1.0);
            // 128 MiB for at least the one second the timed-out call ran
            assertThat(host.metric("kfn_gb_seconds_total", "function=\"sleepy\"")).isGreaterThanOrEqualTo(0.125);
            assertThat(host.metric("kfn_invocation_duration_seconds_count", "function=\"sleepy\"")).isEqualTo(2.0);
            assertThat(host.metric("kfn_cold_starts_total", "function=\"sleepy\"")).isEqualTo(1.0);
            assertThat(host.metric("kfn_init_duration_seconds", "function=\"sleepy\"")).isPositive();
        }
    }

    @Test
    void handlerThatIgnoresItsInterruptGetsTheInstanceReplaced() throws Exception {
        FunctionId spinner = topology.function("spinner");
        try (HostProcess host = TestHosts.java(spinner, "dev.kfn.testfunctions.Plain::spin")
                .env("KFN_TIMEOUT_MILLIS", 1000).env("KFN_INTERRUPT_GRACE", "300ms").start()) {
            host.awaitReady();
            String id = messages.call(spinner, "{\"millis\":600000}", WAIT);
            assertThat(Messages.body(messages.reply(id, WAIT))).contains("Sandbox.Timedout", "Task timed out after 1.00 seconds");
            assertThat(host.awaitExit(WAIT)).isEqualTo(1);
        }
        try (HostProcess replacement = TestHosts.java(spinner, "dev.kfn.testfunctions.Plain::spin").start()) {
            replacement.awaitReady();
            assertThat(Messages.body(messages.reply(messages.call(spinner, "{\"millis\":1}", WAIT), WAIT))).isEqualTo("\"spun\"");
        }
    }
}
