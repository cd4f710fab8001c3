package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.SecondBroker;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host rides out broker outages on a RabbitMQ node of the test's own (the machine's broker serves every other
 * test meanwhile): the same process stays up, reports not ready while it has no broker, and consumes again once
 * the broker is back, with every event accepted before the outage run at least once.
 */
class BrokerOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The bound the platform promises for sync calls to succeed again after the broker is back. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(60);

    private static final int EVENTS = 150;
    private static final int WORK_MILLIS = 20;

    private static SecondBroker broker;
    private static FunctionId recorder;
    private static HostProcess host;
    private static long pid;

    @BeforeAll
    static void startHost() throws Exception {
        broker = SecondBroker.start();
        // its connection dies with the first outage; the queues go with the node on close
        TestTopology topology = new TestTopology("rt-outage", broker.settings(), FunctionTopology.Options.DEFAULTS);
        recorder = topology.function("recorder");
        host = TestHosts.java(recorder, "dev.kfn.testfunctions.Recorder::record")
                .broker(broker.settings())
                .env(HostEnvironment.CONCURRENCY, 2)
                .startReady();
        pid = host.pid();
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void stoppedBrokerLeavesTheHostUpAndNotReadyThenItConsumesAgain() throws Exception {
        Effects effects = new Effects();
        List<String> accepted = acceptEventsAndAwaitWork(effects, "stop");

        broker.stopApp();
        await().atMost(WAIT).until(() -> !host.ready());
        long notReady = System.nanoTime();
        assertThat(host.status(HostEnvironment.LIVENESS_PATH)).isEqualTo(200);
        assertThat(host.alive()).isTrue();

        broker.startApp();
        long back = System.nanoTime();
        await().atMost(BACK_WITHIN).pollInterval(Duration.ofMillis(50)).until(host::ready);
        long ready = System.nanoTime();

        int duplicates = servesAgainWithNothingLost(effects, accepted, "stop");
        report(
                "stop_app/start_app",
                accepted.size(),
                duplicates,
                "ready " + millis(back, ready)
                        + " ms after start_app returned (the broker answering AMQP and its management API), not ready for "
                        + millis(notReady, ready) + " ms in all");
    }

    /**
     * The broker stays up, so it requeues what the host held, and a caller's durable reply queue (as a gateway may
     * keep) survives: a call cut off mid-run is answered by the cut-off run on the new connection, and again by its
     * redelivery.
     */
    @Test
    void closedConnectionIsReplacedAndACallCutOffMidRunIsStillAnswered() throws Exception {
        Effects effects = new Effects();
        List<String> accepted = acceptEventsAndAwaitWork(effects, "close");
        String replies = "rt-outage-replies-" + UUID.randomUUID();
        String callId = "close-call-cut-off";
        String requestId;
        try (Connection connection = connect()) {
            try (Channel channel = connection.createChannel()) {
                channel.queueDeclare(replies, true, false, false, null);
            }
            try (Messages messages = new Messages(connection.createChannel(), replies)) {
                requestId = messages.call(recorder, effects.heldEvent(callId), Duration.ofMinutes(1));
            }
        }
        await().atMost(WAIT).until(() -> effects.started().contains(callId));
        long lossesBefore = losses();

        broker.closeAllConnections("kfn test");
        long closed = System.nanoTime();
        await().atMost(WAIT).until(() -> losses() > lossesBefore);
        await().atMost(BACK_WITHIN).pollInterval(Duration.ofMillis(50)).until(host::ready);
        long ready = System.nanoTime();
        // held until now, so the run is cut off however long the close took to take effect
        effects.release(callId);

        try (Connection connection = connect();
                Messages messages = new Messages(connection.createChannel(), replies)) {
            List<GetResponse> answers = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                answers.addAll(messages.drainReplies());
                return answers.size() >= 2;
            });
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.getProps().getCorrelationId()).isEqualTo(requestId);
                assertThat(Messages.body(answer)).isEqualTo("\"" + callId + "\"");
            });
        }
        int duplicates = servesAgainWithNothingLost(effects, accepted, "close");
        report(
                "close_all_connections",
                accepted.size(),
                duplicates,
                "ready " + millis(closed, ready)
                        + " ms after the close; the call cut off mid-run was answered by its own run and by its redelivery");
    }

    /** Publishes {@link #EVENTS} confirmed events and returns once the host is busy with them. */
    private static List<String> acceptEventsAndAwaitWork(Effects effects, String prefix) throws Exception {
        List<String> accepted = new ArrayList<>();
        try (Connection connection = connect();
                Messages messages = new Messages(connection.createChannel())) {
            for (int i = 0; i < EVENTS; i++) {
                String id = prefix + "-" + i;
                messages.event(recorder, effects.event(id, WORK_MILLIS));
                accepted.add(id);
            }
        }
        await().atMost(WAIT).until(() -> effects.ran().size() >= 10);
        return accepted;
    }

    /** A call and an event after the outage both run; every accepted event ran; returns how many of their runs were repeats. */
    private static int servesAgainWithNothingLost(Effects effects, List<String> accepted, String prefix)
            throws Exception {
        String callId = prefix + "-call-after";
        String eventId = prefix + "-event-after";
        try (Connection connection = connect();
                Messages messages = new Messages(connection.createChannel())) {
            String call = messages.call(recorder, effects.event(callId, 0), WAIT);
            assertThat(Messages.body(messages.reply(call, WAIT))).isEqualTo("\"" + callId + "\"");
            messages.event(recorder, effects.event(eventId, 0));
        }
        List<String> expected = new ArrayList<>(accepted);
        expected.add(callId);
        expected.add(eventId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(effects.ran()).containsAll(expected));
        assertThat(host.alive()).isTrue();
        assertThat(host.pid()).isEqualTo(pid);
        List<String> ran = effects.ran().stream().filter(accepted::contains).toList();
        return ran.size() - new HashSet<>(ran).size();
    }

    private static long losses() throws Exception {
        return host.log()
                .lines()
                .filter(l -> l.contains("Lost the broker connection"))
                .count();
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = broker.settings().connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("kfn-outage-test");
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private static void report(String outage, int accepted, int duplicates, String recovery) {
        System.out.printf(
                "kfn measured: %s: %d events accepted, all ran, %d of them twice; %s%n",
                outage, accepted, duplicates, recovery);
    }
}
