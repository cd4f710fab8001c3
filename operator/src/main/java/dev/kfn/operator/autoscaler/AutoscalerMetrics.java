package dev.kfn.operator.autoscaler;

import dev.kfn.contract.FunctionId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The autoscaler on /q/metrics: per function desired instances and queue depth; per loop tick time, scale events, read errors. */
public class AutoscalerMetrics {

    private final MeterRegistry registry;
    private final Timer tick;
    private final Counter readErrors;
    private final Map<FunctionId, FunctionGauges> functions = new ConcurrentHashMap<>();

    private record FunctionGauges(AtomicLong desired, AtomicLong depth, Gauge desiredGauge, Gauge depthGauge) {}

    public AutoscalerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tick = Timer.builder("kfn.autoscaler.tick")
                .description("One pass over every function")
                .register(registry);
        this.readErrors = Counter.builder("kfn.autoscaler.read.errors")
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
        registry.counter("kfn.autoscaler.scale.events", "direction", direction).increment();
    }

    public void observe(FunctionId id, int desired, long depth) {
        FunctionGauges gauges = functions.computeIfAbsent(id, this::register);
        gauges.desired().set(desired);
        gauges.depth().set(depth);
    }

    public void forget(FunctionId id) {
        FunctionGauges gauges = functions.remove(id);
        if (gauges != null) {
            registry.remove(gauges.desiredGauge());
            registry.remove(gauges.depthGauge());
        }
    }

    private FunctionGauges register(FunctionId id) {
        Tags tags = Tags.of("namespace", id.namespace(), "function", id.name());
        AtomicLong desired = new AtomicLong();
        AtomicLong depth = new AtomicLong();
        return new FunctionGauges(
                desired,
                depth,
                Gauge.builder("kfn.function.desired.instances", desired, AtomicLong::get)
                        .tags(tags)
                        .register(registry),
                Gauge.builder("kfn.function.queue.depth", depth, AtomicLong::get)
                        .tags(tags)
                        .register(registry));
    }
}
