package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

    private static FunctionStatus ready(Instant now, long generation) {
        return new FunctionStatus()
                .markQueueReady(new FunctionQueues("s", "a", "d"))
                .markDeploymentReady("Available", "1 of 1 instances ready")
                .markReadyFromParts()
                .stamp(null, generation, now);
    }

    @Test
    void isReadyWhenQueuesAndDeploymentAre() {
        FunctionStatus status = ready(T0, 1);
        assertThat(status.isReady()).isTrue();
        assertThat(status.getConditions())
                .extracting("type")
                .containsExactly(FunctionStatus.READY, FunctionStatus.QUEUE_READY, FunctionStatus.DEPLOYMENT_READY);
        assertThat(status.getConditions())
                .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
    }

    @Test
    void takesTheFirstFailingPartAsTheReasonReadyIsFalse() {
        FunctionStatus status = new FunctionStatus()
                .markQueueFailed("connection refused")
                .markDeploymentReady("Available", "ok")
                .markReadyFromParts();
        assertThat(status.condition(FunctionStatus.READY).orElseThrow().getReason())
                .isEqualTo("BrokerError");
        assertThat(status.isReady()).isFalse();
    }

    @Test
    void keepsTheTransitionTimeOfAConditionWhoseStatusDidNotChange() {
        FunctionStatus first = ready(T0, 1);
        FunctionStatus second = new FunctionStatus();
        second.setConditions(first.getConditions());
        second.markDeploymentNotReady("InstancesStarting", "0 of 1")
                .markReadyFromParts()
                .stamp(first, 2, T1);

        assertThat(second.condition(FunctionStatus.QUEUE_READY).orElseThrow().getLastTransitionTime())
                .isEqualTo(T0.toString());
        assertThat(second.condition(FunctionStatus.DEPLOYMENT_READY)
                        .orElseThrow()
                        .getLastTransitionTime())
                .isEqualTo(T1.toString());
        assertThat(second.condition(FunctionStatus.READY).orElseThrow().getLastTransitionTime())
                .isEqualTo(T1.toString());
        assertThat(second.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void invalidSpecNamesEveryProblem() {
        FunctionStatus status = new FunctionStatus().markInvalidSpec(List.of("spec.memory: bad", "spec.timeout: bad"));
        assertThat(status.condition(FunctionStatus.READY).orElseThrow()).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("InvalidSpec");
            assertThat(c.getMessage()).isEqualTo("spec.memory: bad; spec.timeout: bad");
        });
    }
}
