package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.testsupport.Http;
import dev.kfn.testsupport.SecondBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kfn local's whole platform on a RabbitMQ node of the test's own, under asynchronous and synchronous load, while
 * that node is restarted twice ({@code stop_app}/{@code start_app}, then {@code close_all_connections}). Every
 * accepted event must run, no host may be replaced, and synchronous calls must succeed again. Recovery times and
 * duplicates go to target/broker-restart-report.md.
 */
class BrokerRestartE2ETest {

    private static final Path WORK = Path.of("target/broker-restart").toAbsolutePath();
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
    private static final int EVENTS_PER_PHASE = 300;

    private static SecondBroker broker;
    private static LocalRun run;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong lastSyncSuccess = new AtomicLong();
    private final AtomicInteger syncFailures = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final StringBuilder report = new StringBuilder("# Broker restart under load\n\n");

    @BeforeAll
    static void start() throws Exception {
        broker = SecondBroker.start();
        run = LocalRun.start(WORK, broker.settings().environment());
    }

    @AfterAll
    static void stop() throws Exception {
        if (run != null) {
            run.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyAcceptedEventRunsAndNoHostIsReplacedAcrossBrokerRestarts() throws Exception {
        Path effects = run.effects("steady");
        run.createRecord("steady", effects, spec -> {
            // one instance throughout, so a replaced host cannot hide among scaled-up ones
            spec.getConcurrency().setPerInstance(4);
            spec.getConcurrency().setReserved(4);
            spec.getConcurrency().setProvisioned(4);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> run.readyReplicas("steady") == 1);
        List<Long> hostsBefore = run.pids("steady");
        assertThat(hostsBefore).hasSize(1);

        ExecutorService load = Executors.newFixedThreadPool(5);
        for (int i = 0; i < 4; i++) {
            load.execute(this::sendEvents);
        }
        load.execute(this::callSynchronously);
        try {
            awaitAccepted(EVENTS_PER_PHASE);

            broker.stopApp();
            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.status(gatewayReadiness()) == 503);
            broker.startApp();
            long restartedAt = System.nanoTime();
            Duration recovery = awaitSyncSuccessAfter(restartedAt);
            report.append("- stop_app → start_app: broker away ")
                    .append(millis(restartedAt - stoppedAt))
                    .append(" ms; first synchronous success ")
                    .append(recovery.toMillis())
                    .append(" ms after start_app\n");
            awaitAccepted(accepted.size() + EVENTS_PER_PHASE);

            broker.closeAllConnections("kfn broker restart test");
            long closedAt = System.nanoTime();
            Duration reconnect = awaitSyncSuccessAfter(closedAt);
            report.append("- close_all_connections: first synchronous success ")
                    .append(reconnect.toMillis())
                    .append(" ms after\n");
            awaitAccepted(accepted.size() + EVENTS_PER_PHASE);
        } finally {
            sending.set(false);
            load.shutdown();
            load.awaitTermination(2, TimeUnit.MINUTES);
        }

        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(ran(effects)).containsAll(accepted));
        long duplicates = LocalRun.count(effects, ".twice");
        report.append("- accepted events: ")
                .append(accepted.size())
                .append(", all ran; ran more than once: ")
                .append(duplicates)
                .append("\n- synchronous calls refused or failed during the outages: ")
                .append(syncFailures.get())
                .append('\n');
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/broker-restart-report.md"), report);
        assertThat(run.pids("steady")).as("host processes after both restarts").isEqualTo(hostsBefore);
    }

    private void sendEvents() {
        while (sending.get()) {
            String id = "e" + nextId.incrementAndGet();
            try {
                HttpResponse<String> response =
                        run.invokeAsync("steady", "{\"id\":\"" + id + "\"}").get();
                if (response.statusCode() == 202) {
                    accepted.add(id);
                }
            } catch (Exception e) {
                // refused while the broker is away: not accepted, so not owed
            }
        }
    }

    private void callSynchronously() {
        while (sending.get()) {
            String id = "s" + nextId.incrementAndGet();
            try {
                HttpResponse<String> response =
                        run.invoke("steady", "{\"id\":\"" + id + "\"}").get();
                if (response.statusCode() == 200
                        && response.headers().firstValue("X-Amz-Function-Error").isEmpty()) {
                    lastSyncSuccess.set(System.nanoTime());
                } else {
                    syncFailures.incrementAndGet();
                }
            } catch (Exception e) {
                syncFailures.incrementAndGet();
            }
        }
    }

    private void awaitAccepted(int count) {
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.size() >= count);
    }

    private Duration awaitSyncSuccessAfter(long since) {
        await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(20)).until(() -> lastSyncSuccess.get() > since);
        return Duration.ofNanos(lastSyncSuccess.get() - since);
    }

    private static URI gatewayReadiness() {
        return URI.create(run.gateway() + "/q/health/ready");
    }

    private static Set<String> ran(Path effects) throws IOException {
        try (Stream<Path> files = Files.list(effects)) {
            Set<String> ids = new HashSet<>();
            files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.endsWith(".twice"))
                    .forEach(ids::add);
            return ids;
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
