package dev.kfn.operator.autoscaler;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.MetricLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The autoscaler on /q/metrics: per function desired and ready instances, queue depth and dead-letter depth; per loop
 * tick time, scale events, read errors.
 */
public class AutoscalerMetrics {

    private final MeterRegistry registry;
    private final Timer tick;
    private final Counter readErrors;
    private final Map<FunctionId, FunctionGauges> functions = new ConcurrentHashMap<>();

    private record FunctionGauges(
            AtomicLong desired, AtomicLong ready, AtomicLong depth, AtomicLong deadLettered, List<Gauge> gauges) {}

    public AutoscalerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tick = Timer.builder(KfnMetric.AUTOSCALER_TICK.meterName())
                .description("One pass over every function")
                .register(registry);
        this.readErrors = Counter.builder(KfnMetric.AUTOSCALER_READ_ERRORS.meterName())
                .description("Demand reads that failed; replicas were kept")
                .register(registry);
    }

    public Timer tick() {
        return tick;
    }

    public void readError() {
        readErrors.increment();
    }

    public void scaled(String direction) {
        registry.counter(KfnMetric.AUTOSCALER_SCALE_EVENTS.meterName(), "direction", direction)
                .increment();
    }

    /** One tick's figures of a function; a depth that could not be read is -1. */
    public void observe(FunctionId id, int desired, int ready, long depth, long deadLettered) {
        FunctionGauges gauges = functions.computeIfAbsent(id, this::register);
        gauges.desired().set(desired);
        gauges.ready().set(ready);
        gauges.depth().set(depth);
        gauges.deadLettered().set(deadLettered);
    }

    public void forget(FunctionId id) {
        FunctionGauges gauges = functions.remove(id);
        if (gauges != null) {
            gauges.gauges().forEach(registry::remove);
        }
    }

    private FunctionGauges register(FunctionId id) {
        Tags tags = Tags.of(MetricLabels.of(id));
        AtomicLong desired = new AtomicLong();
        AtomicLong ready = new AtomicLong();
        AtomicLong depth = new AtomicLong();
        AtomicLong deadLettered = new AtomicLong();
        return new FunctionGauges(
                desired,
                ready,
                depth,
                deadLettered,
                List.of(
                        gauge(KfnMetric.FUNCTION_DESIRED_INSTANCES, desired, tags),
                        gauge(KfnMetric.FUNCTION_READY_INSTANCES, ready, tags),
                        gauge(KfnMetric.FUNCTION_QUEUE_DEPTH, depth, tags),
                        gauge(KfnMetric.FUNCTION_DEAD_LETTER_DEPTH, deadLettered, tags)));
    }

    private Gauge gauge(KfnMetric metric, AtomicLong value, Tags tags) {
        return Gauge.builder(metric.meterName(), value, AtomicLong::get)
                .tags(tags)
                .register(registry);
    }
}
