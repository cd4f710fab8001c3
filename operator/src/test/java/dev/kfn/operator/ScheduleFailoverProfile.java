package dev.kfn.operator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application's own scheduler off: the test runs the replicas that fire, each with a lease of its own. */
public class ScheduleFailoverProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kfn.schedules.enabled", "false");
    }
}
