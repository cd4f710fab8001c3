package dev.kfn.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PollerScalingTest {

    @Test
    void theCapIsTheLowerOfMaximumConcurrencyAndReservedConcurrency() {
        assertThat(PollerScaling.functionCap(OptionalInt.of(20), OptionalInt.of(8)))
                .isEqualTo(8);
        assertThat(PollerScaling.functionCap(OptionalInt.of(20), OptionalInt.empty()))
                .isEqualTo(20);
        assertThat(PollerScaling.functionCap(OptionalInt.empty(), OptionalInt.of(50)))
                .isEqualTo(50);
        assertThat(PollerScaling.functionCap(OptionalInt.empty(), OptionalInt.empty()))
                .isEqualTo(PollerScaling.MAX);
        // reserved 0 stops a function; its poller still holds one batch, which the invocation path refuses
        assertThat(PollerScaling.functionCap(OptionalInt.of(5), OptionalInt.of(0)))
                .isEqualTo(1);
    }

    @Test
    void replicasShareTheCapSoThatTogetherTheyStayWithinIt() {
        assertThat(PollerScaling.share(20, 1)).isEqualTo(20);
        assertThat(PollerScaling.share(20, 3)).isEqualTo(6);
        assertThat(3 * PollerScaling.share(20, 3)).isLessThanOrEqualTo(20);
        assertThat(PollerScaling.share(2, 5)).isEqualTo(1);
        assertThat(PollerScaling.share(10, 0)).isEqualTo(10);
    }

    @Test
    void batchesInFlightFollowTheShareWhenItShrinks() {
        assertThat(PollerScaling.next(20, 6, true, true, false)).isEqualTo(6);
        assertThat(PollerScaling.next(4, 6, true, true, false)).isEqualTo(6);
        assertThat(PollerScaling.next(6, 6, true, true, true)).isEqualTo(3);
    }
}
