package dev.kfn.runtime.invoke;

import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.MetricLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The host's Prometheus metrics, tagged with the function. GB-seconds (memory × duration) is the
 * figure Lambda bills by; kfn exports it so a dashboard can show the same.
 */
public final class HostMetrics {

    public enum Result {
        SUCCESS,
        ERROR,
        TIMEOUT,
        CALLER_GONE,
        STALE,
        INVALID,
        UNFINISHED
    }

    /** Few fixed buckets from 5 ms to Lambda's 15 min cap: one scrape of a host stays small. */
    private static final Duration[] BUCKETS = Stream.of(
                    5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    /** From a warm pick-up to Lambda's longest event age (6 h): a backlog shows in minutes and hours. */
    private static final Duration[] EVENT_AGE_BUCKETS = Stream.of(
                    "PT0.1S", "PT1S", "PT5S", "PT30S", "PT1M", "PT5M", "PT15M", "PT1H", "PT6H")
            .map(Duration::parse)
            .toArray(Duration[]::new);

    /** Built once: looking a meter up in the registry on every call costs more than the count. */
    private final Map<InvocationKind, Map<Result, Counter>> invocations = new EnumMap<>(InvocationKind.class);

    private final double memoryGb;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong initMillis = new AtomicLong();
    private final Timer duration;
    private final Counter coldStarts;
    private final Counter timeouts;
    private final Counter retries;
    private final Counter deadLetters;
    private final Counter destinationFailures;
    private final Counter gbSeconds;
    private final Timer asyncEventAge;

    public HostMetrics(MeterRegistry registry, FunctionInstance function) {
        Tags tags = Tags.of(MetricLabels.of(function.id()));
        for (InvocationKind kind : InvocationKind.values()) {
            Map<Result, Counter> byResult = new EnumMap<>(Result.class);
            for (Result result : Result.values()) {
                byResult.put(
                        result,
                        registry.counter(
                                KfnMetric.INVOCATIONS.meterName(),
                                tags.and(
                                        "kind",
                                        kind.name().toLowerCase(Locale.ROOT),
                                        "result",
                                        result.name().toLowerCase(Locale.ROOT))));
            }
            invocations.put(kind, byResult);
        }
        this.memoryGb = function.memoryMib() / 1024.0;
        registry.gauge(KfnMetric.INVOCATIONS_IN_FLIGHT.meterName(), tags, inFlight);
        registry.more()
                .timeGauge(
                        KfnMetric.INIT_DURATION.meterName(),
                        tags,
                        initMillis,
                        TimeUnit.MILLISECONDS,
                        AtomicLong::doubleValue);
        this.duration = Timer.builder(KfnMetric.INVOCATION_DURATION.meterName())
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.coldStarts = registry.counter(KfnMetric.COLD_STARTS.meterName(), tags);
        this.timeouts = registry.counter(KfnMetric.TIMEOUTS.meterName(), tags);
        this.retries = registry.counter(KfnMetric.RETRIES.meterName(), tags);
        this.deadLetters = registry.counter(KfnMetric.DEAD_LETTERS.meterName(), tags);
        this.destinationFailures = registry.counter(KfnMetric.DESTINATION_DELIVERY_FAILURES.meterName(), tags);
        this.gbSeconds = registry.counter(KfnMetric.GB_SECONDS.meterName(), tags);
        this.asyncEventAge = Timer.builder(KfnMetric.ASYNC_EVENT_AGE.meterName())
                .description("From an event's first enqueue to its start here, as Lambda's AsyncEventAge")
                .tags(tags)
                .serviceLevelObjectives(EVENT_AGE_BUCKETS)
                .register(registry);
    }

    public void initialised(Duration took) {
        initMillis.set(took.toMillis());
    }

    public void coldStart() {
        coldStarts.increment();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished(InvocationKind kind, Result result, Duration took) {
        inFlight.decrementAndGet();
        count(kind, result);
        duration.record(took);
        gbSeconds.increment(memoryGb * took.toNanos() / 1e9);
        if (result == Result.TIMEOUT) {
            timeouts.increment();
        }
    }

    /** An invocation that ends without running. */
    public void count(InvocationKind kind, Result result) {
        invocations.get(kind).get(result).increment();
    }

    /** An event about to run, {@code age} after it was first enqueued (retries count from that first time). */
    public void asyncEventStarted(Duration age) {
        asyncEventAge.record(age.isNegative() ? Duration.ZERO : age);
    }

    public void retried() {
        retries.increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    public void destinationFailed() {
        destinationFailures.increment();
    }
}
