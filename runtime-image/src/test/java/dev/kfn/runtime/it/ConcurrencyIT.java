package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-instance concurrency: that many invocations run at once, the next waits for a free slot. */
class ConcurrencyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void fourSlotsRunFourAtOnceAndTheFifthWaits() throws Exception {
        try (TestTopology topology = new TestTopology("rt-test");
                Messages messages = new Messages(topology.channel())) {
            FunctionId gate = topology.function("gate");
            try (HostProcess host = TestHosts.java(gate, "dev.kfn.testfunctions.Gate::pass")
                    .env("KFN_CONCURRENCY", 4)
                    .env("KFN_TIMEOUT_MILLIS", 60000)
                    .start()) {
                host.awaitReady();
                Gates gates = new Gates();
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    ids.add(messages.call(gate, gates.event("call-" + i), Duration.ofMinutes(1)));
                }

                await().atMost(WAIT).until(() -> gates.started().size() == 4);
                await().during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> gates.started().size() == 4);
                assertThat(host.metric("kfn_invocations_in_flight", "function=\"gate\""))
                        .isEqualTo(4.0);

                gates.open();
                for (String id : ids) {
                    messages.reply(id, WAIT);
                }
                assertThat(gates.started()).hasSize(5).doesNotHaveDuplicates();
            }
        }
    }

    /**
     * A call is acked when the broker confirms its reply, not by its slot: with one slot, so a prefetch of one, each
     * next call still comes (an unacked call would hold the only delivery), and an instance that stops acks the calls
     * it answered (none comes back to the queue).
     */
    @Test
    void everyAnsweredCallIsAckedOnceItsReplyIsConfirmed() throws Exception {
        try (TestTopology topology = new TestTopology("rt-test");
                Messages messages = new Messages(topology.channel())) {
            FunctionId upper = topology.function("upper");
            try (HostProcess host = TestHosts.java(upper, "dev.kfn.testfunctions.Upper")
                    .env("KFN_CONCURRENCY", 1)
                    .start()) {
                host.awaitReady();
                for (int i = 0; i < 20; i++) {
                    String id = messages.call(upper, "call " + i, WAIT);
                    assertThat(Messages.body(messages.reply(id, WAIT))).isEqualTo("CALL " + i);
                }
                host.terminate();
                assertThat(host.awaitExit(WAIT)).isZero();
            }
            assertThat(topology.ready(upper.queues().sync())).isZero();
        }
    }

    /** The event backlog stays in the broker (prefetch follows the slots) and calls have their own queue. */
    @Test
    void waitingCallerIsNotQueuedBehindEvents() throws Exception {
        try (TestTopology topology = new TestTopology("rt-test");
                Messages messages = new Messages(topology.channel())) {
            FunctionId gate = topology.function("gate");
            try (HostProcess host = TestHosts.java(gate, "dev.kfn.testfunctions.Gate::pass")
                    .env("KFN_TIMEOUT_MILLIS", 60000)
                    .start()) {
                host.awaitReady();
                Gates gates = new Gates();
                messages.event(gate, gates.event("event-1"));
                await().atMost(WAIT).until(() -> gates.started().contains("event-1"));
                messages.event(gate, gates.event("event-2"));
                messages.event(gate, gates.event("event-3"));
                String call = messages.call(gate, gates.event("call"), Duration.ofMinutes(1));

                gates.open();
                messages.reply(call, WAIT);
                await().atMost(WAIT).until(() -> gates.started().size() == 4);
                assertThat(gates.started()).containsExactly("event-1", "call", "event-2", "event-3");
            }
        }
    }
}
