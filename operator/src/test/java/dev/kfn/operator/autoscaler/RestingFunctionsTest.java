package dev.kfn.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RestingFunctionsTest {

    private static final FunctionId IDLE = new FunctionId("shop", "idle");
    private static final RestingFunctions.Rest SEEN = new RestingFunctions.Rest("7", "3");

    private final RestingFunctions resting = new RestingFunctions();

    private long tickOutsideItsSlice() {
        return LongStream.range(0, RestingFunctions.SLICES)
                .filter(t -> !RestingFunctions.inSlice(IDLE, t))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFunctionLeftIdleIsSkippedWhileNothingAboutItChanges() {
        resting.evaluated(IDLE, SEEN, true);
        assertThat(resting.skips(IDLE, SEEN, false, tickOutsideItsSlice())).isTrue();
    }

    @Test
    void aSignalOrANewVersionOfTheFunctionOrItsDeploymentEndsTheRest() {
        resting.evaluated(IDLE, SEEN, true);
        long tick = tickOutsideItsSlice();
        assertThat(resting.skips(IDLE, SEEN, true, tick)).isFalse();
        assertThat(resting.skips(IDLE, new RestingFunctions.Rest("8", "3"), false, tick))
                .isFalse();
        assertThat(resting.skips(IDLE, new RestingFunctions.Rest("7", "4"), false, tick))
                .isFalse();
    }

    @Test
    void aFunctionNeverEvaluatedOrLeftBusyIsNotSkipped() {
        long tick = tickOutsideItsSlice();
        assertThat(resting.skips(IDLE, SEEN, false, tick)).isFalse();
        resting.evaluated(IDLE, SEEN, true);
        resting.evaluated(IDLE, SEEN, false);
        assertThat(resting.skips(IDLE, SEEN, false, tick)).isFalse();
    }

    @Test
    void everyRestingFunctionIsEvaluatedOncePerRoundOfSlices() {
        resting.evaluated(IDLE, SEEN, true);
        long evaluated = LongStream.range(0, RestingFunctions.SLICES)
                .filter(t -> !resting.skips(IDLE, SEEN, false, t))
                .count();
        assertThat(evaluated).isEqualTo(1);
    }
}
