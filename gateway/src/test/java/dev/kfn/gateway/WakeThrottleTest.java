package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WakeThrottleTest {

    private static final long MS = 1_000_000;
    private static final FunctionRef HELLO = new FunctionRef("team", "hello", Optional.empty());

    @Test
    void oneWakePerFunctionPerInterval() {
        WakeThrottle throttle = new WakeThrottle(Duration.ofMillis(200));

        assertThat(throttle.claim(HELLO, 0)).isTrue();
        assertThat(throttle.claim(HELLO, 199 * MS)).isFalse();
        assertThat(throttle.claim(new FunctionRef("team", "hello", Optional.of("$LATEST")), 199 * MS)).isFalse();
        assertThat(throttle.claim(new FunctionRef("team", "other", Optional.empty()), 199 * MS)).isTrue();
        assertThat(throttle.claim(HELLO, 200 * MS)).isTrue();
    }
}
