package dev.kfn.gateway;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.MetricLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The gateway's Prometheus series. A call that named no admitted function is counted under an empty function
 * label: names from the outside must not grow the number of series.
 */
@ApplicationScoped
public class InvocationMetrics {

    /** From a warm call to Lambda's longest timeout; a few fixed buckets keep the series per function small. */
    private static final Duration[] BUCKETS = Stream.of(
                    "PT0.005S",
                    "PT0.01S",
                    "PT0.025S",
                    "PT0.05S",
                    "PT0.1S",
                    "PT0.25S",
                    "PT0.5S",
                    "PT1S",
                    "PT2.5S",
                    "PT5S",
                    "PT10S",
                    "PT30S",
                    "PT60S",
                    "PT300S",
                    "PT900S")
            .map(Duration::parse)
            .toArray(Duration[]::new);

    /** From a batch handed over at once to a day behind; an older one counts above the last bucket and in the max. */
    private static final Duration[] ITERATOR_AGE_BUCKETS = Stream.of(
                    "PT0.1S", "PT1S", "PT5S", "PT30S", "PT1M", "PT5M", "PT15M", "PT1H", "PT6H", "PT24H")
            .map(Duration::parse)
            .toArray(Duration[]::new);

    /** Why a publish failed: the broker refused it (maxQueued), no queue was bound, no broker, no confirm in time. */
    static final List<String> PUBLISH_FAILURES =
            List.of("queue_full", "unroutable", "broker_unavailable", "unconfirmed");

    private static final String[] UNADMITTED = {MetricLabels.FUNCTION_NAMESPACE, "", MetricLabels.FUNCTION, ""};

    /** What one series of {@link KfnMetric#GATEWAY_INVOCATIONS} is told apart by. */
    private record InvocationSeries(FunctionId function, InvocationType type, int status) {}

    private final MeterRegistry registry;
    /**
     * Looked up once per series, not per request: building and registering a Timer (its id, sorted tags, the
     * registry's lookup) was a visible part of the gateway's CPU per warm call.
     */
    private final Map<InvocationSeries, Timer> invocations = new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Gauge inFlightGauge;

    public InvocationMetrics(MeterRegistry registry) {
        this.registry = registry;
        // at zero from the start: rate() and increase() see a counter's first failure only if it existed before
        PUBLISH_FAILURES.forEach(this::publishFailures);
        inFlightGauge = Gauge.builder(KfnMetric.GATEWAY_INVOCATIONS_IN_FLIGHT.meterName(), inFlight, AtomicInteger::get)
                .description("Invocation requests being handled now")
                .register(registry);
    }

    /** The registry can outlive this bean (Quarkus tests restart the application in one JVM); the gauge must not point at a dead counter. */
    @PreDestroy
    void deregister() {
        registry.remove(inFlightGauge);
    }

    /**
     * A reply answered to no one: {@code no_caller} (its caller had stopped waiting) or {@code other_function} (it
     * came from another function than the one its caller called).
     */
    public void replyDropped(String reason) {
        Counter.builder(KfnMetric.GATEWAY_REPLIES_UNMATCHED.meterName())
                .description("Replies answered to no caller, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    /** One finished request: its function (if admitted), invocation type, HTTP status and latency. */
    public void finished(FunctionId admitted, InvocationType type, int status, Duration took) {
        inFlight.decrementAndGet();
        invocations
                .computeIfAbsent(new InvocationSeries(admitted, type, status), this::invocationTimer)
                .record(took);
    }

    private Timer invocationTimer(InvocationSeries series) {
        return Timer.builder(KfnMetric.GATEWAY_INVOCATIONS.meterName())
                .description("Invocation requests by function, invocation type and HTTP status")
                .tags(series.function() == null ? UNADMITTED : MetricLabels.of(series.function()))
                .tag("type", series.type() == null ? "" : series.type().wireName())
                .tag("status", Integer.toString(series.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** A publish that did not end with the message queued: one of {@link #PUBLISH_FAILURES}. */
    public void publishFailed(String reason) {
        publishFailures(reason).increment();
    }

    private Counter publishFailures(String reason) {
        return Counter.builder(KfnMetric.GATEWAY_PUBLISH_FAILURES.meterName())
                .description("Invocations the broker did not take")
                .tag("reason", reason)
                .register(registry);
    }

    public void replyTimedOut(FunctionId fn) {
        Counter.builder(KfnMetric.GATEWAY_REPLY_TIMEOUTS.meterName())
                .description("Synchronous calls answered 504 because no reply came within timeout + queueing allowance")
                .tags(MetricLabels.of(fn))
                .register(registry)
                .increment();
    }

    /**
     * A batch of a stream or databaseChange trigger (its index in the Function's triggers) handed to the function,
     * {@code age} after its last record arrived: Lambda's IteratorAge, each retry of the batch counted again.
     */
    public void batchHandedOver(FunctionId fn, int trigger, Duration age) {
        Timer.builder(KfnMetric.ITERATOR_AGE.meterName())
                .description("Age of a stream or databaseChange batch's last record when handed to the function")
                .tags(MetricLabels.of(fn))
                .tag("trigger", Integer.toString(trigger))
                .serviceLevelObjectives(ITERATOR_AGE_BUCKETS)
                .register(registry)
                .record(age);
    }
}
