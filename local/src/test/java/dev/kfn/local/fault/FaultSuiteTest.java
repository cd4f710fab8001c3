package dev.kfn.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.local.e2e.LocalRun;
import dev.kfn.testsupport.Http;
import dev.kfn.testsupport.SecondBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * kfn local's whole platform on a RabbitMQ node of the suite's own, under synchronous and asynchronous load, while
 * one fault after another strikes. After each the queues drain and the ledger is drawn up from what users saw, what
 * the recording handler ran and what the dead-letter queue holds: nothing accepted may be lost, no caller may get
 * another call's answer, no dead letter may lack its reason. Duplicates are counted, near a fault or not. The
 * ledger table goes to target/fault-ledger.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final Path WORK = Path.of("target/fault-suite").toAbsolutePath();
    private static final Path LEDGER = Path.of("target/fault-ledger.md").toAbsolutePath();
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    /** Kubernetes' default terminationGracePeriodSeconds, which the chart keeps. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static final int CALLERS = 2;
    private static final int SENDERS = 2;
    /** Progress owed before and after a fault: enough to see the platform serving. */
    private static final int PROGRESS = 30;

    private static SecondBroker broker;
    private static LocalRun run;
    private static BrokerFaults faults;
    private static final StringBuilder TABLE = new StringBuilder(Ledger.header());

    @FunctionalInterface
    interface Fault {
        void strike(Traffic traffic, List<Window> windows, DeadLetterQueue letters) throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        broker = SecondBroker.start();
        faults = new BrokerFaults(broker.settings());
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
    @Order(1)
    void brokerRestartAndClosedConnections() throws Exception {
        scenario("broker", spec -> {}, (traffic, windows, letters) -> {
            windows.add(during(() -> {
                broker.stopApp();
                broker.startApp();
            }));
            awaitAnswerAfter(traffic);
            awaitProgress(traffic);
            windows.add(during(() -> broker.closeAllConnections("kfn fault suite")));
            awaitAnswerAfter(traffic);
        });
    }

    @Test
    @Order(2)
    void hostsKilledRepeatedly() throws Exception {
        scenario("hosts", spec -> spec.getConcurrency().setReserved(8), (traffic, windows, letters) -> {
            for (int kill = 0; kill < 3; kill++) {
                long victim = run.pids("hosts").get(0);
                windows.add(during(() -> {
                    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                    await().atMost(RECOVERY).until(() -> {
                        List<Long> hosts = run.pids("hosts");
                        return !hosts.isEmpty() && !hosts.contains(victim) && run.readyReplicas("hosts") >= 1;
                    });
                }));
                awaitProgress(traffic);
            }
        });
    }

    @Test
    @Order(3)
    void gatewayKilledAndTerminated() throws Exception {
        scenario("gateway", spec -> {}, (traffic, windows, letters) -> {
            windows.add(during(() -> restartComponent(run::gatewayProcess, ProcessHandle::destroyForcibly)));
            awaitAnswerAfter(traffic);
            awaitProgress(traffic);
            windows.add(during(() -> restartComponent(run::gatewayProcess, FaultSuiteTest::terminate)));
            awaitAnswerAfter(traffic);
        });
    }

    @Test
    @Order(4)
    void operatorKilledAndTerminated() throws Exception {
        scenario("operator", spec -> {}, (traffic, windows, letters) -> {
            windows.add(during(() -> {
                restartComponent(run::operatorProcess, ProcessHandle::destroyForcibly);
                awaitReconciling("after-kill");
            }));
            awaitProgress(traffic);
            windows.add(during(() -> {
                restartComponent(run::operatorProcess, FaultSuiteTest::terminate);
                awaitReconciling("after-term");
            }));
        });
    }

    /** Only a running operator makes a new Function Ready: the one that came back reconciles. */
    private static void awaitReconciling(String name) throws IOException {
        run.createLedgered(name, run.effects(name), spec -> {});
        run.delete(name);
    }

    @Test
    @Order(5)
    void handlersThatExitSpinOrThrow() throws Exception {
        Ledger ledger = scenario(
                "poison",
                spec -> {
                    spec.setTimeout("2s");
                    spec.getAsync().setMaxRetries(0);
                },
                (traffic, windows, letters) -> {
                    long from = System.currentTimeMillis();
                    List<String> poison = new ArrayList<>();
                    for (String act : List.of("throw", "throw", "exit", "spin", "exit", "throw")) {
                        String id = "bad-p" + poison.size() + "-" + act;
                        poison.add(id);
                        traffic.send(id, act);
                    }
                    traffic.call("bad-q0-exit", "exit");
                    traffic.call("bad-q1-throw", "throw");
                    traffic.call("bad-q2-spin", "spin");
                    await().atMost(Duration.ofMinutes(2))
                            .until(() -> letters.drain().stream()
                                    .map(DeadLetter::id)
                                    .toList()
                                    .containsAll(poison));
                    windows.add(new Window(from, System.currentTimeMillis()));
                    awaitProgress(traffic);
                });
        // an instance runs several invocations at once (perInstance), so an ordinary call that shared one with the
        // handler that exits or spins may end with that instance, as a function error of its own
        assertThat(ledger.functionErrors())
                .as("the three misbehaving calls answered with a function error")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(6)
    void managementApiDown() throws Exception {
        scenario("management", spec -> {}, (traffic, windows, letters) -> {
            long from = System.currentTimeMillis();
            faults.disableManagement();
            try {
                BrokerManagement management = new BrokerManagement(broker.settings());
                await().atMost(RECOVERY).until(() -> {
                    try {
                        management.overview();
                        return false;
                    } catch (IOException e) {
                        return true;
                    }
                });
                // serving without the management API is the point: events and calls go on while it is away
                awaitProgress(traffic);
            } finally {
                faults.enableManagement();
                windows.add(new Window(from, System.currentTimeMillis()));
            }
        });
    }

    @Test
    @Order(7)
    void memoryAlarm() throws Exception {
        scenario("memory", spec -> {}, (traffic, windows, letters) -> {
            long from = System.currentTimeMillis();
            faults.raiseMemoryAlarm();
            try {
                await().atMost(RECOVERY).ignoreExceptions().until(FaultSuiteTest::memoryAlarmOn);
                // publishers stay blocked for as long as the alarm lasts: hold it for a while the callers notice
                await().pollDelay(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(6))
                        .until(() -> true);
            } finally {
                faults.clearMemoryAlarm();
                windows.add(new Window(from, System.currentTimeMillis()));
            }
            awaitAnswerAfter(traffic);
        });
    }

    private static Ledger scenario(String name, Consumer<FunctionSpec> spec, Fault fault) throws Exception {
        Path records = run.effects(name);
        Consumer<FunctionSpec> small = s -> {
            // one instance unless the scenario asks for more: two cores run the whole platform
            s.getConcurrency().setPerInstance(4);
            s.getConcurrency().setReserved(4);
        };
        run.createLedgered(name, records, small.andThen(spec));
        List<Window> windows = new CopyOnWriteArrayList<>();
        DeadLetterQueue letters = new DeadLetterQueue(broker.settings(), id(name));
        Traffic traffic = Traffic.start(run, name, CALLERS, SENDERS);
        try {
            awaitProgress(traffic);
            fault.strike(traffic, windows, letters);
            awaitProgress(traffic);
        } finally {
            traffic.close();
        }
        try {
            await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(() -> drained(name, traffic, records, letters));
        } catch (ConditionTimeoutException e) {
            // the ledger below says what is missing
        }
        Ledger ledger = Ledger.of(
                Set.copyOf(traffic.sent),
                Set.copyOf(traffic.accepted),
                traffic.answered,
                traffic.refused.get(),
                traffic.functionErrors.get(),
                Run.readAll(records),
                letters.drain(),
                windows,
                FaultSuiteTest::misbehaving);
        TABLE.append(ledger.row(name));
        Files.writeString(LEDGER, TABLE);
        run.delete(name);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ledger.lost())
                .as("lost: accepted, never ran, not dead-lettered")
                .isEmpty();
        soft.assertThat(ledger.wrongReplies())
                .as("callers answered with another call's answer")
                .isEmpty();
        soft.assertThat(ledger.deadLettersWithoutReason())
                .as("dead letters without a reason")
                .isEmpty();
        soft.assertThat(ledger.answeredNeverRan()).as("answered, never ran").isEmpty();
        soft.assertThat(ledger.phantoms()).as("runs no one sent").isEmpty();
        soft.assertThat(ledger.duplicatesElsewhere())
                .as("duplicates far from any fault")
                .isEmpty();
        soft.assertThat(ledger.accepted()).as("events accepted").isPositive();
        soft.assertThat(ledger.answered()).as("calls answered").isPositive();
        soft.assertAll();
        return ledger;
    }

    /** Every accepted event ran or was dead-lettered, and the function's queues hold nothing more. */
    private static boolean drained(String name, Traffic traffic, Path records, DeadLetterQueue letters)
            throws Exception {
        Set<String> done = new HashSet<>();
        Run.readAll(records).stream()
                .map(Run::id)
                .filter(id -> !misbehaving(id))
                .forEach(done::add);
        letters.drain().forEach(letter -> done.add(letter.id()));
        if (!done.containsAll(traffic.accepted)) {
            return false;
        }
        List<String> queues = id(name).queues().all();
        for (JsonNode queue : new BrokerManagement(broker.settings()).queues("name,messages")) {
            if (queues.contains(queue.path("name").asText())
                    && queue.path("messages").asLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Payloads that ask the recording handler to throw, exit or spin: owed a dead letter, not a run. */
    private static boolean misbehaving(String payloadId) {
        return payloadId.startsWith("bad-");
    }

    private static FunctionId id(String name) {
        return new FunctionId(LocalRun.NAMESPACE, name);
    }

    /** Kills or terminates the component and waits until kfn local has another one serving. */
    private static void restartComponent(Supplier<Optional<ProcessHandle>> component, Consumer<ProcessHandle> stop) {
        ProcessHandle victim = component.get().orElseThrow();
        stop.accept(victim);
        await().atMost(RECOVERY)
                .until(() ->
                        component.get().filter(p -> p.pid() != victim.pid()).isPresent());
        await().atMost(RECOVERY).until(() -> Http.status(URI.create(run.gateway() + "/q/health/ready")) == 200);
    }

    /**
     * Stops a component as the kubelet stops a pod's container: SIGTERM, then SIGKILL once the grace period is over.
     * A component still running then has its threads dumped beside the ledger, so what held it is on record.
     */
    private static void terminate(ProcessHandle victim) {
        victim.destroy();
        try {
            victim.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            Path dump = WORK.resolve("threads-" + victim.pid() + ".txt");
            dumpThreads(victim, dump);
            System.out.println("FaultSuiteTest: process " + victim.pid() + " had not exited " + GRACE.toSeconds()
                    + " s after SIGTERM; killed; its threads are in " + dump);
            victim.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void dumpThreads(ProcessHandle victim, Path dump) {
        Path jcmd =
                Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        try {
            new ProcessBuilder(jcmd.toString(), Long.toString(victim.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(dump.toFile())
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.out.println("FaultSuiteTest: no thread dump of " + victim.pid() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Window during(ThrowingRunnable fault) throws Exception {
        long from = System.currentTimeMillis();
        fault.run();
        return new Window(from, System.currentTimeMillis());
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void awaitAnswerAfter(Traffic traffic) {
        long since = System.nanoTime();
        await().atMost(RECOVERY).until(() -> traffic.answeredSince(since));
    }

    private static void awaitProgress(Traffic traffic) {
        int accepted = traffic.accepted.size() + PROGRESS;
        int answered = traffic.answered.size() + PROGRESS;
        await().atMost(RECOVERY)
                .until(() -> traffic.accepted.size() >= accepted && traffic.answered.size() >= answered);
    }

    private static boolean memoryAlarmOn() throws Exception {
        HttpResponse<String> nodes = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(broker.settings().managementUrl() + "/api/nodes"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((broker.settings()
                                                                                .username() + ":"
                                                                        + broker.settings()
                                                                                .password())
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return nodes.body().contains("\"mem_alarm\":true");
    }
}
