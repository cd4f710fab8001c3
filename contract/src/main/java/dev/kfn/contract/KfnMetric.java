package dev.kfn.contract;

import java.util.List;

/**
 * Every meter a kfn process exports on {@code /q/metrics}, by its Micrometer name, defined once: the processes
 * register them from here, the operator reads a host's busy count by its Prometheus name, and the chart's alert
 * rules and dashboard may query only the series listed here ({@link #series()}).
 */
public enum KfnMetric {
    // runtime host, per function (labelled by MetricLabels)
    INVOCATIONS("kfn.invocations", Type.COUNTER),
    INVOCATIONS_IN_FLIGHT("kfn.invocations.in.flight", Type.GAUGE),
    INVOCATION_DURATION("kfn.invocation.duration", Type.HISTOGRAM),
    INIT_DURATION("kfn.init.duration", Type.TIME_GAUGE),
    COLD_STARTS("kfn.cold.starts", Type.COUNTER),
    TIMEOUTS("kfn.timeouts", Type.COUNTER),
    RETRIES("kfn.retries", Type.COUNTER),
    DEAD_LETTERS("kfn.dead.letters", Type.COUNTER),
    DESTINATION_DELIVERY_FAILURES("kfn.destination.delivery.failures", Type.COUNTER),
    GB_SECONDS("kfn.gb.seconds", Type.COUNTER),
    ASYNC_EVENT_AGE("kfn.async.event.age", Type.HISTOGRAM),
    // gateway
    GATEWAY_INVOCATIONS("kfn.gateway.invocations", Type.HISTOGRAM),
    GATEWAY_INVOCATIONS_IN_FLIGHT("kfn.gateway.invocations.in.flight", Type.GAUGE),
    GATEWAY_REPLIES_UNMATCHED("kfn.gateway.replies.unmatched", Type.COUNTER),
    GATEWAY_PUBLISH_FAILURES("kfn.gateway.publish.failures", Type.COUNTER),
    GATEWAY_REPLY_TIMEOUTS("kfn.gateway.reply.timeouts", Type.COUNTER),
    /** Per function and trigger (stream, databaseChange), as Lambda's IteratorAge. */
    ITERATOR_AGE("kfn.iterator.age", Type.HISTOGRAM),
    // operator
    AUTOSCALER_TICK("kfn.autoscaler.tick", Type.TIMER),
    AUTOSCALER_READ_ERRORS("kfn.autoscaler.read.errors", Type.COUNTER),
    AUTOSCALER_SCALE_EVENTS("kfn.autoscaler.scale.events", Type.COUNTER),
    FUNCTION_DESIRED_INSTANCES("kfn.function.desired.instances", Type.GAUGE),
    FUNCTION_READY_INSTANCES("kfn.function.ready.instances", Type.GAUGE),
    FUNCTION_QUEUE_DEPTH("kfn.function.queue.depth", Type.GAUGE),
    FUNCTION_DEAD_LETTER_DEPTH("kfn.function.dead.letter.depth", Type.GAUGE),
    RECONCILES("kfn.reconciles", Type.COUNTER),
    RECONCILE_ERRORS("kfn.reconcile.errors", Type.COUNTER),
    BROKER_CONNECTED("kfn.broker.connected", Type.GAUGE),
    CLUSTER_EVENTS_DELIVERED("kfn.cluster.events.delivered", Type.COUNTER),
    CLUSTER_EVENTS_SKIPPED("kfn.cluster.events.skipped", Type.COUNTER),
    SCHEDULE_FIRING_ERRORS("kfn.schedule.firing.errors", Type.COUNTER),
    SCHEDULE_FIRING_DELAY("kfn.schedule.firing.delay", Type.TIMER);

    /** How Micrometer's Prometheus registry writes a meter of each type. */
    public enum Type {
        COUNTER,
        GAUGE,
        /** A Micrometer time gauge: a gauge in seconds. */
        TIME_GAUGE,
        TIMER,
        /** A timer with service-level buckets: a Prometheus histogram in seconds. */
        HISTOGRAM
    }

    private final String meterName;
    private final Type type;

    KfnMetric(String meterName, Type type) {
        this.meterName = meterName;
        this.type = type;
    }

    /** The name to register with Micrometer. */
    public String meterName() {
        return meterName;
    }

    public Type type() {
        return type;
    }

    /** The base name on the Prometheus side: dots become underscores, timers gain their unit. */
    public String prometheusName() {
        String base = meterName.replace('.', '_');
        return switch (type) {
            case COUNTER, GAUGE -> base;
            case TIME_GAUGE, TIMER, HISTOGRAM -> base + "_seconds";
        };
    }

    /** Every series name Prometheus scrapes for this meter. */
    public List<String> series() {
        String base = prometheusName();
        return switch (type) {
            case COUNTER -> List.of(base + "_total");
            case GAUGE, TIME_GAUGE -> List.of(base);
            case TIMER -> List.of(base + "_count", base + "_sum", base + "_max");
            case HISTOGRAM -> List.of(base + "_count", base + "_sum", base + "_max", base + "_bucket");
        };
    }
}
