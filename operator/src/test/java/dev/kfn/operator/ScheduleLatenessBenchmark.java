package dev.kfn.operator;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.kfn.api.ScheduleTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures schedule firing lateness, never asserts on time: from the scheduled minute of a
 * {@code cron(* * * * ? *)} to the firing consumed from the function's asynchronous queue, with 1 and 100 functions
 * due at the same minute, at the production tick (1 s). The operator's clock is moved to just before each minute,
 * and the minute itself passes in real time. The floor, measured in the same run: a confirmed publish to a queue of
 * the same broker and its consumption. Run: see docs/performance.md. Writes target/benchmark/schedule.md.
 */
@QuarkusTest
@TestProfile(ScheduleBenchmarkProfile.class)
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "schedule")
class ScheduleLatenessBenchmark {

    private static final int ROUNDS = 15;

    @Inject
    KubernetesClient client;

    @Inject
    AdjustableClock clock;

    private final String namespace = "b" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void lateness() throws Exception {
        StringBuilder report = new StringBuilder("# Schedule firing lateness\n\n")
                .append(
                        "| functions due at once | firings | p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|\n");
        try (Connection amqp = BrokerSettings.defaults().connectionFactory().newConnection("kfn-schedule-benchmark")) {
            report.append(row("floor: confirmed publish → consumed", floor(amqp)));
            for (int functions : new int[] {1, 100}) {
                report.append(row(Integer.toString(functions), firings(amqp, functions)));
                TestFunctions.deleteAll(client, namespace, Duration.ofMinutes(2));
            }
        }
        Path out = Path.of("target/benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("schedule.md"), report);
        System.out.println(report);
    }

    /** Lateness of every firing of {@code functions} functions over {@link #ROUNDS} minutes, in ms. */
    private List<Double> firings(Connection amqp, int functions) throws Exception {
        List<FunctionId> ids = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
            FunctionId id = new FunctionId(namespace, "every-minute-" + functions + "-" + i);
            Trigger trigger = new Trigger();
            ScheduleTrigger schedule = new ScheduleTrigger();
            schedule.setExpression("cron(* * * * ? *)");
            trigger.setSchedule(schedule);
            TestFunctions.create(client, TestFunctions.java(id, spec -> spec.setTriggers(List.of(trigger))));
            ids.add(id);
        }
        for (FunctionId id : ids) {
            TestFunctions.awaitReady(client, id, Duration.ofMinutes(2));
        }
        List<Double> lateness = Collections.synchronizedList(new ArrayList<>());
        try (Channel channel = amqp.createChannel()) {
            for (FunctionId id : ids) {
                channel.basicConsume(id.queues().async(), true, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(
                            String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                        Instant consumed = clock.instant();
                        Instant scheduled = ScheduledEvents.time(ScheduledEvents.read(body));
                        lateness.add(Duration.between(scheduled, consumed).toNanos() / 1e6);
                    }
                });
            }
            for (int round = 1; round <= ROUNDS; round++) {
                Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
                clock.advance(Duration.between(clock.instant(), minute.minusMillis(700)));
                int expected = round * functions;
                await().atMost(Duration.ofMinutes(1)).until(() -> lateness.size() >= expected);
            }
        }
        return new ArrayList<>(lateness);
    }

    private static List<Double> floor(Connection amqp) throws Exception {
        List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        try (Channel publish = amqp.createChannel();
                Channel consume = amqp.createChannel()) {
            String queue = publish.queueDeclare().getQueue();
            publish.confirmSelect();
            consume.basicConsume(queue, true, new DefaultConsumer(consume) {
                @Override
                public void handleDelivery(
                        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    samples.add((System.nanoTime() - Long.parseLong(new String(body))) / 1e6);
                }
            });
            for (int i = 0; i < 200; i++) {
                publish.basicPublish(
                        "", queue, true, null, Long.toString(System.nanoTime()).getBytes());
                publish.waitForConfirmsOrDie(5000);
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(5)).until(() -> samples.size() >= expected);
            }
        }
        return new ArrayList<>(samples);
    }

    private static String row(String label, List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return String.format(
                "| %s | %d | %.1f | %.1f | %.1f |%n",
                label,
                sorted.size(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
