package dev.kfn.runtime.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.ReplyRoute;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The host alone (never a timed test): warm synchronous calls to a noop java handler with 64 slots, published to its
 * queue and answered on a reply queue per caller, at 1 and 64 closed-loop callers, three runs of each point
 * interleaved after a warm-up by call count; medians, spread, and the host's CPU time per call from /proc. The host runs
 * in a CPU cgroup of its own where one can be made. Run:
 * {@code ./mvnw -B -o verify -pl runtime-image -Dit.test=HostBenchmarkIT -Dbenchmark=host -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false}. Prints {@code kfn host benchmark:} lines and writes
 * target/benchmark/host.md.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "host")
class HostBenchmarkIT {

    private static final int[] CALLERS = {1, 64};
    private static final int ROUNDS = 3;
    private static final int WARMUP_CALLS = 30_000;
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final byte[] PAYLOAD = "{\"hello\":\"kfn\"}".getBytes(StandardCharsets.UTF_8);

    private record Point(
            int callers, long calls, long errors, double perSecond, double p50Ms, double p99Ms, double cpuMsPerCall) {}

    @Test
    void measure() throws Exception {
        try (TestTopology topology = new TestTopology("rt-bench")) {
            FunctionId noop = topology.function("noop");
            Optional<Path> cgroup = Optional.empty();
            try (HostProcess host = TestHosts.java(noop, "dev.kfn.testfunctions.Noop")
                            .env(HostEnvironment.MEMORY_MIB, 512)
                            .env("KFN_CONCURRENCY", 64)
                            .startReady();
                    Connection connection =
                            BrokerSettings.defaults().connectionFactory().newConnection("kfn-host-benchmark")) {
                cgroup = cpuCgroup(host.pid());
                System.out.println("kfn host benchmark: host "
                        + cgroup.map(c -> "in CPU cgroup " + c + " (1 CPU)")
                                .orElse("without a CPU cgroup (none could be made)")
                        + ", load " + Files.readString(Path.of("/proc/loadavg")).trim());
                Caller[] callers = new Caller[64];
                for (int i = 0; i < callers.length; i++) {
                    callers[i] = new Caller(connection, noop);
                }
                run(callers, 64, WARMUP_CALLS, null);
                run(callers, 1, WARMUP_CALLS / 4, null);
                Map<Integer, List<Point>> points = new TreeMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (int n : CALLERS) {
                        long cpuBefore = cpuMillis(host.pid());
                        Point point = run(callers, n, 0, RUN);
                        double cpuPerCall = (cpuMillis(host.pid()) - cpuBefore) / (double) point.calls();
                        points.computeIfAbsent(n, k -> new ArrayList<>())
                                .add(new Point(
                                        point.callers(),
                                        point.calls(),
                                        point.errors(),
                                        point.perSecond(),
                                        point.p50Ms(),
                                        point.p99Ms(),
                                        cpuPerCall));
                    }
                }
                report(points);
            } finally {
                if (cgroup.isPresent()) {
                    Files.delete(cgroup.get());
                }
            }
        }
    }

    /**
     * A CPU cgroup of the host's own with a 1-CPU limit, as a pod's container has: on a shared machine the host then
     * competes as one entity, however many of its threads are runnable. Empty where no cgroup (v1) can be made.
     */
    private static Optional<Path> cpuCgroup(long pid) {
        Path cgroup = Path.of("/sys/fs/cgroup/cpu", "kfn-bench-" + pid);
        try {
            Files.createDirectory(cgroup);
            Files.writeString(cgroup.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(cgroup.resolve("cpu.cfs_quota_us"), "100000");
            Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(pid));
            return Optional.of(cgroup);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** One closed-loop caller: its own channel and reply queue. */
    private static final class Caller {
        private final Channel channel;
        private final String replyQueue;
        private final FunctionId function;
        private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(1);

        Caller(Connection connection, FunctionId function) throws Exception {
            this.channel = connection.createChannel();
            this.function = function;
            this.replyQueue = channel.queueDeclare().getQueue();
            channel.queueBind(replyQueue, Exchange.REPLY.exchangeName(), ReplyRoute.bindingKey(replyQueue));
            channel.basicConsume(
                    replyQueue,
                    true,
                    (tag, delivery) -> replies.offer(delivery.getProperties().getCorrelationId()),
                    tag -> {});
        }

        void call() throws Exception {
            String id = UUID.randomUUID().toString();
            InvocationMessage call = InvocationMessage.sync(
                    id,
                    id,
                    replyQueue,
                    Duration.ofSeconds(30),
                    "benchmark",
                    InvocationMessage.Context.NONE,
                    Instant.now());
            channel.basicPublish(
                    Exchange.INVOKE.exchangeName(), function.queues().sync(), call.encode(), PAYLOAD);
            if (!id.equals(replies.poll(30, TimeUnit.SECONDS))) {
                throw new IllegalStateException("no reply to " + id);
            }
        }
    }

    /** {@code calls} calls in all when {@code duration} is null, else as many as fit in it. */
    private static Point run(Caller[] callers, int n, int calls, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        int perCaller = duration == null ? calls / n : Integer.MAX_VALUE;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Caller caller = callers[i];
            futures.add(pool.submit(() -> {
                long[] samples = new long[1024];
                int count = 1;
                for (int c = 0; c < perCaller && System.nanoTime() < end; c++) {
                    long t0 = System.nanoTime();
                    try {
                        caller.call();
                        if (count == samples.length) {
                            samples = Arrays.copyOf(samples, count * 2);
                        }
                        samples[count++] = System.nanoTime() - t0;
                    } catch (Exception e) {
                        samples[0]++;
                    }
                }
                return Arrays.copyOf(samples, count);
            }));
        }
        long errors = 0;
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            long[] samples = future.get();
            errors += samples[0];
            all.add(Arrays.copyOfRange(samples, 1, samples.length));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Point(
                n,
                sorted.length,
                errors,
                sorted.length / seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                0);
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** utime + stime of the process, in ms (clock ticks of 10 ms, as on Linux by default). */
    private static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static void report(Map<Integer, List<Point>> points) throws Exception {
        StringBuilder md = new StringBuilder(
                "| callers | calls/s (median, min–max) | p50 ms (median, min–max) | p99 ms (median) | host CPU ms/call (median) | errors |\n"
                        + "|---|---|---|---|---|---|\n");
        points.forEach((callers, runs) -> {
            double[] rate = runs.stream().mapToDouble(Point::perSecond).sorted().toArray();
            double[] p50 = runs.stream().mapToDouble(Point::p50Ms).sorted().toArray();
            double[] p99 = runs.stream().mapToDouble(Point::p99Ms).sorted().toArray();
            double[] cpu =
                    runs.stream().mapToDouble(Point::cpuMsPerCall).sorted().toArray();
            long errors = runs.stream().mapToLong(Point::errors).sum();
            String line = String.format(
                    "| %d | %.0f (%.0f–%.0f) | %.2f (%.2f–%.2f) | %.2f | %.3f | %d |",
                    callers,
                    median(rate),
                    rate[0],
                    rate[rate.length - 1],
                    median(p50),
                    p50[0],
                    p50[p50.length - 1],
                    median(p99),
                    median(cpu),
                    errors);
            System.out.println("kfn host benchmark: " + line);
            md.append(line).append('\n');
        });
        Files.createDirectories(Path.of("target", "benchmark"));
        Files.writeString(Path.of("target", "benchmark", "host.md"), md);
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
