package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WakeThrottleTest {

    private static final long MS = 1_000_000;
    private static final FunctionId HELLO = new FunctionId("team", "hello");

    @Test
    void oneWakePerFunctionPerInterval() {
        WakeThrottle throttle = new WakeThrottle(Duration.ofMillis(200));

        assertThat(throttle.claim(HELLO, 0)).isTrue();
        assertThat(throttle.claim(HELLO, 199 * MS)).isFalse();
        assertThat(throttle.claim(new FunctionId("team", "hello"), 199 * MS)).isFalse();
        assertThat(throttle.claim(new FunctionId("team", "other"), 199 * MS)).isTrue();
        assertThat(throttle.claim(HELLO, 200 * MS)).isTrue();
    }
}
