package dev.kfn.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.FunctionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The decision as a table: each step feeds the previous decision's history and desired count into the next. */
class ScaleDecisionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** perInstance 2, no reserved (cap = 50), scaleDownDelay 30s, scaleToZeroAfter 60s. */
    private ScalingPolicy policy(int perInstance, Integer reserved, int provisioned) {
        FunctionSpec spec = new FunctionSpec();
        spec.getConcurrency().setPerInstance(perInstance);
        spec.getConcurrency().setReserved(reserved);
        spec.getConcurrency().setProvisioned(provisioned);
        return ScalingPolicy.of(spec, 50);
    }

    /** Runs decisions in sequence, like the autoscaler loop does. */
    private static final class Run {
        private final ScalingPolicy policy;
        private ScaleHistory history;
        private int current;

        Run(ScalingPolicy policy, int current) {
            this.policy = policy;
            this.current = current;
            this.history = ScaleHistory.start(current, T0);
        }

        ScaleDecision at(long seconds, long demand) {
            return apply(seconds, OptionalLong.of(demand));
        }

        ScaleDecision apply(long seconds, OptionalLong demand) {
            ScaleDecision d = ScaleDecision.decide(demand, policy, history, current, T0.plusSeconds(seconds));
            history = d.history();
            current = d.desired();
            return d;
        }
    }

    @Test
    void zeroBurstSteadyIdleZero() {
        Run run = new Run(policy(2, null, 0), 0);
        assertThat(run.at(0, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(0, "Steady");
        assertThat(run.at(1, 9))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(5, "ScaledUp");
        assertThat(run.at(2, 20)).extracting(ScaleDecision::desired).isEqualTo(10);
        assertThat(run.at(10, 15))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(10, "HeldForWindow");
        // demand gone: held at the window's highest until it slides past the burst
        assertThat(run.at(20, 0).desired()).isEqualTo(10);
        assertThat(run.at(31, 0).desired()).isEqualTo(10);
        assertThat(run.at(35, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(8, "ScaledDown");
        assertThat(run.at(41, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(1, "ScaledDown");
        // one instance stays until 60 s after the last demand (t = 10)
        assertThat(run.at(69, 0).desired()).isEqualTo(1);
        assertThat(run.at(71, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(0, "ScaledToZero");
        assertThat(run.at(72, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(0, "Steady");
    }

    @Test
    void scalesUpAtOnceEvenDuringTheWindow() {
        Run run = new Run(policy(1, null, 0), 3);
        assertThat(run.at(1, 3).desired()).isEqualTo(3);
        assertThat(run.at(2, 12))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(12, "ScaledUp");
    }

    @Test
    void scaleDownIsHeldForTheWindowAndThenGoesToTheWindowsHighest() {
        Run run = new Run(policy(1, null, 0), 0);
        run.at(0, 10);
        run.at(10, 6);
        run.at(20, 2);
        // at 35 the sample of t=0 (10) has left the 30 s window, t=10 (6) has not
        assertThat(run.at(35, 2))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(6, "ScaledDown");
        assertThat(run.at(45, 2).desired()).isEqualTo(2);
    }

    @Test
    void keepsTheProvisionedFloorWithNoDemand() {
        Run run = new Run(policy(4, null, 10), 3);
        assertThat(run.at(0, 0).desired()).isEqualTo(3);
        assertThat(run.at(600, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(3, "Steady");
    }

    @Test
    void raisesToTheFloorWhenBelowIt() {
        Run run = new Run(policy(1, null, 2), 0);
        assertThat(run.at(0, 0))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(2, "ScaledUp");
    }

    @Test
    void capsABurstAtReservedOverPerInstance() {
        Run run = new Run(policy(2, 10, 0), 0);
        assertThat(run.at(0, 1000).desired()).isEqualTo(5);
    }

    @Test
    void capsAtTheOperatorMaximumWithoutReserved() {
        Run run = new Run(policy(1, null, 0), 0);
        assertThat(run.at(0, 1_000_000).desired()).isEqualTo(50);
    }

    @Test
    void reservedBelowOneInstanceStillAllowsOneAndReservedZeroStopsTheFunction() {
        assertThat(policy(4, 2, 0).cap()).isEqualTo(1);
        assertThat(policy(4, 0, 0).cap()).isZero();
    }

    @Test
    void aFailedReadKeepsTheReplicas() {
        Run run = new Run(policy(1, null, 0), 0);
        run.at(0, 8);
        assertThat(run.apply(500, OptionalLong.empty()))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(8, "DemandUnknown");
    }

    @Test
    void anUnreadableDemandStillRaisesAFunctionToItsProvisionedFloor() {
        Run run = new Run(policy(4, null, 10), 0);
        assertThat(run.apply(1, OptionalLong.empty()))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(3, "ScaledUp");
        assertThat(run.apply(2, OptionalLong.empty()))
                .extracting(ScaleDecision::desired, ScaleDecision::reason)
                .containsExactly(3, "DemandUnknown");
    }

    @Test
    void anOperatorRestartDoesNotDropInstancesAtOnce() {
        Run run = new Run(policy(1, null, 0), 6);
        assertThat(run.at(1, 0).desired()).isEqualTo(6);
        assertThat(run.at(31, 0).desired()).isEqualTo(1);
        assertThat(run.at(61, 0).desired()).isZero();
    }

    @Test
    void scaleToZeroAfterShorterThanTheWindowStillWaitsForTheWindow() {
        FunctionSpec spec = new FunctionSpec();
        spec.getScaling().setScaleToZeroAfter("5s");
        spec.getScaling().setScaleDownDelay("20s");
        ScalingPolicy policy = ScalingPolicy.of(spec, 50);
        assertThat(policy.scaleToZeroAfter()).isEqualTo(Duration.ofSeconds(5));
        Run run = new Run(policy, 0);
        run.at(0, 1);
        assertThat(run.at(10, 0).desired()).isEqualTo(1);
        assertThat(run.at(21, 0).desired()).isZero();
    }
}
