package dev.kfn.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.TestTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** kfn dlq against the real broker, on a function's queues declared as the operator declares them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqCommandTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    private TestTopology topology;
    private Connection connection;
    private Cli cli;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        topology = new TestTopology("dlq");
        connection = BrokerSettings.defaults().connectionFactory().newConnection("kfn-dlq-test");
        cli = new Cli(CHECKOUT, work, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        topology.close();
    }

    @Test
    void peekShowsEachEventWithWhyItWasGivenUpAndLeavesThem() throws Exception {
        QueueNames queues = new QueueNames(topology.function("peeked"));
        deadLetter(queues, "r-1", "{\"id\":\"o1\"}");
        deadLetter(queues, "r-2", "{\"id\":\"o2\"}");

        Cli.Result shown = cli.run("dlq", "peeked", "-n", topology.namespace, "--peek", "5");

        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains("2 events in " + queues.deadLetter())
                .contains("r-1  RetriesExhausted after attempt 3: Error amount must be positive")
                .contains("{\"id\":\"o2\"}");
        assertThat(depth(queues.deadLetter())).isEqualTo(2);
    }

    @Test
    void redriveSendsEveryEventBackAsAFirstAttempt() throws Exception {
        QueueNames queues = new QueueNames(topology.function("redriven"));
        deadLetter(queues, "r-3", "{\"id\":\"o3\"}");
        deadLetter(queues, "r-4", "{\"id\":\"o4\"}");

        Cli.Result redriven = cli.run("dlq", "redriven", "-n", topology.namespace, "--redrive");

        assertThat(redriven.exitCode()).as(redriven.err()).isZero();
        assertThat(redriven.out()).contains("redrove 2 events to " + queues.async());
        assertThat(depth(queues.deadLetter())).isZero();
        try (Channel channel = connection.createChannel()) {
            GetResponse first = channel.basicGet(queues.async(), true);
            assertThat(first.getProps().getMessageId()).isEqualTo("r-3");
            assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"o3\"}");
            assertThat(first.getProps().getHeaders())
                    .containsEntry(InvocationHeaders.ATTEMPT, 1)
                    .doesNotContainKeys(InvocationHeaders.DEAD_LETTER_REASON, InvocationHeaders.ERROR);
            assertThat(channel.basicGet(queues.async(), true).getProps().getMessageId())
                    .isEqualTo("r-4");
        }
    }

    @Test
    void purgeDropsEveryEvent() throws Exception {
        QueueNames queues = new QueueNames(topology.function("purged"));
        deadLetter(queues, "r-5", "{}");

        Cli.Result purged = cli.run("dlq", "purged", "-n", topology.namespace, "--purge");

        assertThat(purged.exitCode()).as(purged.err()).isZero();
        assertThat(purged.out()).contains("purged 1 events");
        assertThat(depth(queues.deadLetter())).isZero();
    }

    @Test
    void aFunctionWithoutQueuesIsSaidPlainly() {
        Cli.Result missing = cli.run("dlq", "nobody", "-n", topology.namespace);

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err())
                .contains("kfn: " + new FunctionId(topology.namespace, "nobody") + " has no dead-letter queue");
    }

    /** What the runtime host leaves in the dead-letter queue after the last attempt failed. */
    private void deadLetter(QueueNames queues, String requestId, String body) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(
                    "",
                    queues.deadLetter(),
                    new AMQP.BasicProperties.Builder()
                            .messageId(requestId)
                            .headers(Map.of(
                                    InvocationHeaders.DEAD_LETTER_REASON,
                                    "RetriesExhausted",
                                    InvocationHeaders.ATTEMPT,
                                    3,
                                    InvocationHeaders.ERROR,
                                    "{\"errorType\":\"Error\",\"errorMessage\":\"amount must be positive\"}"))
                            .build(),
                    body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    private long depth(String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
