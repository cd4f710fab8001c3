package dev.kfn.runtime.it;

import dev.kfn.api.QueueNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The per-instance concurrency: that many invocations run at once, the next waits for a free slot. */
class ConcurrencyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void fourSlotsRunFourAtOnceAndTheFifthWaits() throws Exception {
        try (Topology topology = new Topology(); Messages messages = new Messages(topology.connection())) {
            QueueNames gate = topology.function("gate");
            try (HostProcess host = new HostProcess(gate, "dev.kfn.testfunctions.Gate::pass")
                    .env("KFN_CONCURRENCY", 4).env("KFN_TIMEOUT_MILLIS", 60000).start()) {
                host.awaitReady();
                Gates gates = new Gates();
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    ids.add(messages.call(gate, gates.event("call-" + i), Duration.ofMinutes(1)));
                }

                await().atMost(WAIT).until(() -> gates.started().size() == 4);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> gates.started().size() == 4);
                assertThat(host.metric("kfn_invocations_in_flight", "function=\"gate\"")).isEqualTo(4.0);

                gates.open();
                for (String id : ids) {
                    messages.reply(id, WAIT);
                }
                assertThat(gates.started()).hasSize(5).doesNotHaveDuplicates();
            }
        }
    }
}
