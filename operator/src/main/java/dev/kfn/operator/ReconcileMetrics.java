package dev.kfn.operator;

import dev.kfn.contract.KfnMetric;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** JOSDK's reconcile outcomes on /q/metrics: every finished reconcile, and those that ended in an exception. */
public class ReconcileMetrics implements Metrics {

    private final Counter finished;
    private final Counter failed;

    public ReconcileMetrics(MeterRegistry registry) {
        this.finished = Counter.builder(KfnMetric.RECONCILES.meterName())
                .description("Reconciles of a Function that completed")
                .register(registry);
        this.failed = Counter.builder(KfnMetric.RECONCILE_ERRORS.meterName())
                .description("Reconciles of a Function that threw; JOSDK retries them with back-off")
                .register(registry);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        finished.increment();
    }

    @Override
    public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        failed.increment();
    }
}
