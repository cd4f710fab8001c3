package dev.kfn.operator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The production scheduler tick; classic async queues, so a hundred functions fit one local broker. */
public class ScheduleBenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kfn.broker.async-queue-type", "classic", "kfn.schedules.tick", "1s");
    }
}
