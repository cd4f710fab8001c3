package dev.kfn.local.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.sun.net.httpserver.HttpServer;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.broker.BrokerSettings;
import e2e.handlers.Noop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The platform benchmark (never a timed test): warm synchronous invocations through the gateway at 1, 16 and 64
 * closed-loop callers beside three floors measured in the same run — the composed floor (an HTTP client → a minimal
 * HTTP server → RabbitMQ request/reply → an echo: one HTTP hop and one broker round trip, what any design like
 * kfn's must pay at least), a raw RabbitMQ request/reply, and a direct HTTP call to the same handler — and cold
 * starts from zero. Each path is warmed up by call count, every point runs {@link #ROUNDS} times interleaved with
 * the others, and each point records the CPU time per call of every process on the path. Run: see
 * docs/performance.md. Writes target/benchmark/platform.{md,json}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "platform")
class PlatformBenchmark {

    private static final int[] CALLERS = {1, 16, 64};
    /** Enough for the JIT to have compiled every path's hot code before the first measured point. */
    private static final long WARMUP_CALLS = 20_000;

    private static final int ROUNDS = 3;
    private static final Duration RUN = Duration.ofSeconds(5);
    private static final int COLD_STARTS = 20;
    private static final String KFN = "kfn (gateway → RabbitMQ → host)";
    private static final String COMPOSED = "composed floor (HTTP server → RabbitMQ request/reply → echo)";

    private final NoopCaller caller = new NoopCaller(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8))
            .build());
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();

    private record Route(String name, LatencyRun.Call call) {}

    /** One measured point of one round, with the CPU each process spent per call meanwhile. */
    private record Point(String path, int callers, int round, LatencyRun.Result result, Map<String, Double> cpu) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>(result.json());
            json.put("round", round);
            json.put("cpuMsPerCall", cpu);
            return json;
        }
    }

    @Test
    void measure() throws Exception {
        Path work = Path.of("target/benchmark").toAbsolutePath();
        try (LocalRun run = LocalRun.start(work.resolve("local"), Map.of())) {

            create(run, "noop", spec -> {
                spec.getConcurrency().setPerInstance(64);
                spec.getConcurrency().setProvisioned(64);
                spec.setMemory("512Mi");
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> run.readyReplicas("noop") == 1);
            URI noop = run.invokeUri("noop");

            HttpServer direct = directHandler();
            try (RabbitFloor rabbit = new RabbitFloor()) {
                HttpServer composed = composedFloor(rabbit);
                try {
                    List<Route> routes = List.of(
                            new Route(KFN, () -> caller.post(noop)),
                            new Route(COMPOSED, () -> caller.post(address(composed))),
                            new Route("RabbitMQ request/reply, plain Java client", rabbit::call),
                            new Route(
                                    "HTTP straight to the handler (JDK HttpServer)",
                                    () -> caller.post(address(direct))));
                    ProcessCpu cpu = new ProcessCpu(processes(run));
                    writeWarm(measureAll(routes, cpu));
                } finally {
                    composed.stop(0);
                }
            } finally {
                direct.stop(0);
            }

            // started from the host's class cache, as every instance after kfn local's first minute is
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> run.instanceJvm().classCache().isPresent());
            String setting = ColdStartBenchmark.setting(run.instanceJvm());
            List<Map<String, Double>> cold =
                    ColdStartRuns.measure(run, work.resolve("local"), COLD_STARTS, caller::post);
            report.append(ColdStartRuns.report(cold, setting));
            json.put("coldStart", ColdStartRuns.json(cold, setting));
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve("platform.md"), report);
        Files.writeString(
                work.resolve("platform.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        System.out.println(report);
    }

    /** The processes a warm call passes through; the benchmark's own JVM also runs the floors' servers. */
    private static Map<String, List<Long>> processes(LocalRun run) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put("benchmark", List.of(ProcessHandle.current().pid()));
        processes.put("gateway", List.of(run.gatewayProcess().orElseThrow().pid()));
        processes.put("host", run.pids("noop"));
        processes.put(
                "broker",
                ProcessHandle.allProcesses()
                        .filter(p -> p.info().command().orElse("").endsWith("beam.smp"))
                        .map(ProcessHandle::pid)
                        .toList());
        return processes;
    }

    private static URI address(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Every route warmed up by count, then every point {@link #ROUNDS} times, the routes interleaved in each. */
    private static List<Point> measureAll(List<Route> routes, ProcessCpu cpu) throws Exception {
        for (Route route : routes) {
            LatencyRun.warm(CALLERS[CALLERS.length - 1], WARMUP_CALLS, route.call());
        }
        List<Point> points = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (int callers : CALLERS) {
                for (Route route : routes) {
                    Map<String, Double> before = cpu.read();
                    LatencyRun.Result result = LatencyRun.measure(callers, RUN, route.call());
                    points.add(new Point(
                            route.name(),
                            callers,
                            round,
                            result,
                            ProcessCpu.perCall(before, cpu.read(), result.calls())));
                }
            }
        }
        return points;
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

    /** The composed floor: a minimal HTTP server that makes one RabbitMQ request/reply per request and answers. */
    private static HttpServer composedFloor(RabbitFloor rabbit) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> {
            byte[] body;
            try {
                body = rabbit.call(exchange.getRequestBody().readAllBytes());
            } catch (Exception e) {
                exchange.sendResponseHeaders(502, -1);
                exchange.close();
                return;
            }
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
            call(NoopCaller.PAYLOAD);
        }

        byte[] call(byte[] payload) throws Exception {
            Caller caller = callers.get();
            caller.channel()
                    .basicPublish(
                            "",
                            QUEUE,
                            new AMQP.BasicProperties.Builder()
                                    .replyTo("amq.rabbitmq.reply-to")
                                    .build(),
                            payload);
            byte[] reply = caller.replies().poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("no reply");
            }
            return reply;
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    private void writeWarm(List<Point> points) {
        report.append("## Warm synchronous invocation, noop handler\n\n")
                .append(String.format(
                        "Closed loop; each path warmed up by %,d calls, then every point run %d times for %d s, the paths"
                                + " interleaved in each round. Medians of the rounds, with their range; CPU ms per call"
                                + " from /proc (benchmark = the load generator and the floors' servers).%n%n",
                        WARMUP_CALLS, ROUNDS, RUN.toSeconds()))
                .append("| path | callers | calls/s | p50 ms | p99 ms | errors | CPU ms/call: benchmark, gateway, host,"
                        + " broker |\n|---|---|---|---|---|---|---|\n");
        Map<String, Map<Integer, List<Point>>> byPath = new LinkedHashMap<>();
        for (Point p : points) {
            byPath.computeIfAbsent(p.path(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(p.callers(), k -> new ArrayList<>())
                    .add(p);
        }
        byPath.forEach((path, byCallers) -> byCallers.forEach((callers, rounds) -> report.append(String.format(
                "| %s | %d | %s | %s | %.2f | %d | %s |%n",
                path,
                callers,
                spread(rounds, r -> r.result().throughput(), "%.0f"),
                spread(rounds, r -> r.result().p50(), "%.2f"),
                median(rounds, r -> r.result().p99()),
                rounds.stream().mapToLong(r -> r.result().errors()).sum(),
                cpu(rounds)))));
        report.append(
                "\n| callers | kfn p50 ÷ composed floor p50 | kfn calls/s ÷ composed floor calls/s |\n|---|---|---|\n");
        for (int callers : CALLERS) {
            List<Point> kfn = byPath.get(KFN).get(callers);
            List<Point> floor = byPath.get(COMPOSED).get(callers);
            report.append(String.format(
                    "| %d | %.2f | %.2f |%n",
                    callers,
                    median(kfn, r -> r.result().p50())
                            / median(floor, r -> r.result().p50()),
                    median(kfn, r -> r.result().throughput())
                            / median(floor, r -> r.result().throughput())));
        }
        json.put(
                "warm",
                points.stream()
                        .map(p -> Map.of("path", p.path(), "point", p.json()))
                        .toList());
    }

    private static double median(List<Point> rounds, ToDoubleFunction<Point> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String spread(List<Point> rounds, ToDoubleFunction<Point> value, String format) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return String.format(
                format + " (" + format + "–" + format + ")",
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1]);
    }

    private static String cpu(List<Point> rounds) {
        return rounds.get(0).cpu().keySet().stream()
                .map(process ->
                        String.format("%.3f", median(rounds, r -> r.cpu().get(process))))
                .collect(Collectors.joining(", "));
    }
}
