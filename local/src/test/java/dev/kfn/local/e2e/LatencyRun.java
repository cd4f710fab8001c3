package dev.kfn.local.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** A closed-loop load generator: {@code callers} threads each call as fast as answers come, for a fixed time. */
final class LatencyRun {

    /** One call; throws when the call failed. */
    interface Call {
        void run() throws Exception;
    }

    record Result(int callers, long calls, long errors, double seconds, double p50, double p90, double p99) {

        double throughput() {
            return calls / seconds;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("callers", callers);
            json.put("calls", calls);
            json.put("errors", errors);
            json.put("throughputPerSecond", throughput());
            json.put("p50Ms", p50);
            json.put("p90Ms", p90);
            json.put("p99Ms", p99);
            return json;
        }
    }

    private LatencyRun() {}

    static Result measure(int callers, Duration warmup, Duration duration, Call call) throws Exception {
        run(callers, warmup, call);
        return measure(callers, duration, call);
    }

    /** One point with no warm-up of its own: the caller warmed the path up already ({@link #warm}). */
    static Result measure(int callers, Duration duration, Call call) throws Exception {
        long start = System.nanoTime();
        List<long[]> perCaller = run(callers, duration, call);
        double seconds = (System.nanoTime() - start) / 1e9;
        long errors = perCaller.stream().mapToLong(c -> c[0]).sum();
        long[] all = perCaller.stream()
                .flatMapToLong(c -> Arrays.stream(c, 1, c.length))
                .sorted()
                .toArray();
        return new Result(
                callers,
                all.length,
                errors,
                seconds,
                percentile(all, 0.50),
                percentile(all, 0.90),
                percentile(all, 0.99));
    }

    /**
     * Calls until {@code calls} calls were made in all, from {@code callers} threads: a warm-up by count, so the JIT
     * has compiled the path whatever the machine's speed.
     */
    static void warm(int callers, long calls, Call call) throws Exception {
        AtomicLong left = new AtomicLong(calls);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        call.run();
                    } catch (Exception e) {
                        // an error during warm-up is counted by the measured runs, not here
                    }
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
    }

    /** Per caller: element 0 counts errors, the rest are latencies in nanoseconds. */
    private static List<long[]> run(int callers, Duration duration, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Callable<long[]> caller = () -> {
                long[] samples = new long[1024];
                int n = 1;
                long errors = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        call.run();
                        if (n == samples.length) {
                            samples = Arrays.copyOf(samples, n * 2);
                        }
                        samples[n++] = System.nanoTime() - t0;
                    } catch (Exception e) {
                        errors++;
                    }
                }
                samples[0] = errors;
                return Arrays.copyOf(samples, n);
            };
            futures.add(pool.submit(caller));
        }
        List<long[]> results = new ArrayList<>();
        for (Future<long[]> future : futures) {
            results.add(future.get());
        }
        pool.shutdown();
        return results;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
