package dev.kfn.local.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.sun.net.httpserver.HttpServer;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.broker.BrokerSettings;
import e2e.handlers.Noop;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The platform benchmark (never a timed test): warm synchronous invocations through the gateway at 1,
 * 16 and 64 closed-loop callers against two floors measured in the same run — a raw RabbitMQ
 * request/reply with the plain Java client, and a direct HTTP call to the same handler — and cold
 * starts from zero. Run: see docs/performance.md. Writes target/benchmark/platform.{md,json}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "platform")
class PlatformBenchmark {

    private static final int[] CALLERS = {1, 16, 64};
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final int COLD_STARTS = 20;
    private static final byte[] PAYLOAD = "{\"hello\":\"kfn\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8))
            .build();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();

    @Test
    void measure() throws Exception {
        Path work = Path.of("target/benchmark").toAbsolutePath();
        try (LocalRun run = LocalRun.start(work.resolve("local"), Map.of())) {
            KubernetesClient client = run.client();

            create(run, "noop", spec -> {
                spec.getConcurrency().setPerInstance(64);
                spec.getConcurrency().setProvisioned(64);
                spec.setMemory("512Mi");
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> run.readyReplicas("noop") == 1);
            URI noop = run.invokeUri("noop");

            Map<String, List<LatencyRun.Result>> warm = new LinkedHashMap<>();
            warm.put("kfn (gateway → RabbitMQ → host)", measureAll(() -> post(noop)));
            try (RabbitFloor rabbit = new RabbitFloor()) {
                warm.put("RabbitMQ request/reply, plain Java client", measureAll(rabbit::call));
            }
            HttpServer direct = directHandler();
            try {
                URI uri = URI.create("http://127.0.0.1:" + direct.getAddress().getPort() + "/");
                warm.put("HTTP straight to the handler (JDK HttpServer)", measureAll(() -> post(uri)));
            } finally {
                direct.stop(0);
            }
            writeWarm(warm);

            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < COLD_STARTS; i++) {
                String name = "cold" + i;
                create(run, name, spec -> {});
                URI uri = run.invokeUri(name);
                long start = System.nanoTime();
                post(uri);
                cold.add((System.nanoTime() - start) / 1e6);
                client.resources(Function.class)
                        .inNamespace("default")
                        .withName(name)
                        .delete();
            }
            writeCold(cold);
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve("platform.md"), report);
        Files.writeString(
                work.resolve("platform.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        System.out.println(report);
    }

    private List<LatencyRun.Result> measureAll(LatencyRun.Call call) throws Exception {
        List<LatencyRun.Result> results = new ArrayList<>();
        for (int callers : CALLERS) {
            results.add(LatencyRun.measure(callers, WARMUP, RUN, call));
        }
        return results;
    }

    private void post(URI uri) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(PAYLOAD))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200
                || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            throw new IllegalStateException("answered " + response.statusCode());
        }
    }

    private static void create(LocalRun run, String name, Consumer<FunctionSpec> change) {
        run.create(name, "e2e.handlers.Noop::handleRequest", change);
    }

    /** The same handler behind the JDK's own HTTP server: what any HTTP gateway adds to, at the least. */
    private static HttpServer directHandler() throws Exception {
        // without it the JDK server leaves Nagle's algorithm on and every answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Noop handler = new Noop();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(exchange.getRequestBody().readAllBytes()), out, null);
            byte[] body = out.toByteArray();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A responder echoing on a queue and callers using direct reply-to: the floor of any queue-based design. */
    private static final class RabbitFloor implements AutoCloseable {

        private static final String QUEUE = "kfn.benchmark.rpc";
        private final Connection connection;
        private final ThreadLocal<Caller> callers = ThreadLocal.withInitial(this::caller);

        private record Caller(Channel channel, BlockingQueue<byte[]> replies) {}

        RabbitFloor() throws Exception {
            connection = BrokerSettings.defaults().connectionFactory().newConnection("kfn-benchmark");
            Channel responder = connection.createChannel();
            responder.queueDeclare(QUEUE, false, false, true, null);
            responder.basicQos(256);
            responder.basicConsume(
                    QUEUE,
                    true,
                    (tag, delivery) -> responder.basicPublish(
                            "",
                            delivery.getProperties().getReplyTo(),
                            new AMQP.BasicProperties.Builder()
                                    .correlationId(delivery.getProperties().getCorrelationId())
                                    .build(),
                            delivery.getBody()),
                    tag -> {});
        }

        private Caller caller() {
            try {
                Channel channel = connection.createChannel();
                BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(1);
                channel.basicConsume(
                        "amq.rabbitmq.reply-to", true, (tag, delivery) -> replies.offer(delivery.getBody()), tag -> {});
                return new Caller(channel, replies);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void call() throws Exception {
            Caller caller = callers.get();
            caller.channel()
                    .basicPublish(
                            "",
                            QUEUE,
                            new AMQP.BasicProperties.Builder()
                                    .replyTo("amq.rabbitmq.reply-to")
                                    .build(),
                            PAYLOAD);
            if (caller.replies().poll(10, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no reply");
            }
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    private void writeWarm(Map<String, List<LatencyRun.Result>> warm) {
        report.append("## Warm synchronous invocation, noop handler\n\n")
                .append("Closed loop, ")
                .append(RUN.toSeconds())
                .append(" s per point after ")
                .append(WARMUP.toSeconds())
                .append(
                        " s warm-up; Java HttpClient / RabbitMQ Java client as load generator, on the same machine.\n\n")
                .append(
                        "| path | callers | calls/s | p50 ms | p90 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n");
        Map<String, Object> section = new LinkedHashMap<>();
        warm.forEach((path, results) -> {
            for (LatencyRun.Result r : results) {
                report.append(String.format(
                        "| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |%n",
                        path, r.callers(), r.throughput(), r.p50(), r.p90(), r.p99(), r.errors()));
            }
            section.put(path, results.stream().map(LatencyRun.Result::json).toList());
        });
        List<LatencyRun.Result> kfn = warm.values().stream().findFirst().orElseThrow();
        report.append(
                "\n| callers | kfn p50 ÷ RabbitMQ p50 | kfn p50 ÷ direct HTTP p50 | kfn calls/s ÷ RabbitMQ | kfn calls/s ÷ direct HTTP |\n|---|---|---|---|---|\n");
        List<List<LatencyRun.Result>> all = new ArrayList<>(warm.values());
        for (int i = 0; i < CALLERS.length; i++) {
            LatencyRun.Result k = kfn.get(i);
            LatencyRun.Result q = all.get(1).get(i);
            LatencyRun.Result h = all.get(2).get(i);
            report.append(String.format(
                    "| %d | %.1f | %.1f | %.2f | %.2f |%n",
                    CALLERS[i],
                    k.p50() / q.p50(),
                    k.p50() / h.p50(),
                    k.throughput() / q.throughput(),
                    k.throughput() / h.throughput()));
        }
        json.put("warm", section);
    }

    private void writeCold(List<Double> cold) {
        List<Double> sorted = cold.stream().sorted().toList();
        report.append("\n## Cold start: a function at zero, first synchronous call through the gateway\n\n")
                .append(String.format(
                        "%d runs: min %.0f ms, p50 %.0f ms, p90 %.0f ms, max %.0f ms.%n",
                        sorted.size(),
                        sorted.get(0),
                        sorted.get(sorted.size() / 2),
                        sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                        sorted.get(sorted.size() - 1)));
        json.put("coldStartMs", cold);
    }
}
