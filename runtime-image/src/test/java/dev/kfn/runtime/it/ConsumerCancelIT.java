package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A consumer the broker cancels is consumed again, never left silent. */
class ConsumerCancelIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void consumerCancelledWithItsQueueIsReestablishedWhenTheQueueIsBack() throws Exception {
        try (TestTopology topology = new TestTopology("rt-test");
                Messages messages = new Messages(topology.channel())) {
            FunctionId greeter = topology.function("greeter");
            try (HostProcess host =
                    TestHosts.java(greeter, "dev.kfn.testfunctions.Greeter").startReady()) {
                long pid = host.pid();
                try (Channel channel = topology.channel()) {
                    channel.queueDelete(greeter.queues().sync());
                }
                await().atMost(WAIT).until(() -> !host.ready());
                // it keeps trying while the queue is missing, and says so
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> !host.ready());
                assertThat(host.log())
                        .contains("Not consuming " + greeter.queues().sync());

                try (Channel channel = topology.channel()) {
                    FunctionTopology.of(greeter, FunctionTopology.Options.DEFAULTS, OptionalInt.empty())
                            .declare(channel);
                }
                host.awaitReady();
                String id = messages.call(greeter, "{\"name\":\"Back\"}", WAIT);
                assertThat(Messages.body(messages.reply(id, WAIT))).contains("\"message\":\"Hello, Back\"");
                assertThat(host.pid()).isEqualTo(pid);
            }
        }
    }
}
