package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.KfnMetric;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvocationMetricsTest {

    /** Scraped under the contract's name, per function and trigger; the max is CloudWatch's Maximum. */
    @Test
    void aHandedOverBatchShowsAsTheIteratorAgeOfItsTrigger() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InvocationMetrics metrics = new InvocationMetrics(registry);
        FunctionId fn = new FunctionId("shop", "orders");

        metrics.batchHandedOver(fn, 1, Duration.ofSeconds(90));
        metrics.batchHandedOver(fn, 1, Duration.ofSeconds(3));

        String name = KfnMetric.ITERATOR_AGE.prometheusName();
        assertThat(name).isEqualTo("kfn_iterator_age_seconds");
        assertThat(registry.scrape())
                .containsPattern(
                        name + "_max\\{function=\"orders\",function_namespace=\"shop\",trigger=\"1\",?} 90\\.0")
                .containsPattern(
                        name + "_count\\{function=\"orders\",function_namespace=\"shop\",trigger=\"1\",?} 2\\.0")
                .containsPattern(name + "_bucket\\{function=\"orders\",function_namespace=\"shop\",trigger=\"1\","
                        + "le=\"60\\.0\",?} 1\\.0");
    }
}
