package dev.kfn.operator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Classic async queues, so a thousand functions fit one local broker; the production tick. */
public class AutoscalerBenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kfn.broker.async-queue-type", "classic",
                "kfn.autoscaler.tick", "500ms",
                "kfn.autoscaler.listing-interval", "5s");
    }
}
