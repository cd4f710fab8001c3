package dev.kfn.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.AutoscalingStatus;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusWritesTest {

    private static final FunctionId ID = new FunctionId("team-a", "orders");
    private static final Instant WRITTEN = Instant.parse("2026-12-02T10:00:00Z");

    private static AutoscalingStatus scaledUp() {
        AutoscalingStatus status = new AutoscalingStatus();
        status.setQueueDepth(7L);
        status.setLastScaleTime(WRITTEN.toString());
        status.setLastScaleReason("ScaledUp");
        return status;
    }

    private static Function showing(AutoscalingStatus autoscaling) {
        Function fn = new Function();
        FunctionStatus status = new FunctionStatus();
        status.setAutoscaling(autoscaling);
        fn.setStatus(status);
        return fn;
    }

    @Test
    void aWriteTheFunctionDoesNotShowOnceSettledIsWrittenAgain() {
        StatusWrites writes = new StatusWrites();
        writes.wrote(ID, scaledUp(), WRITTEN);
        Instant settled = WRITTEN.plus(StatusWrites.SETTLES_IN);

        assertThat(writes.lost(ID, showing(null), settled))
                .hasValueSatisfying(s -> assertThat(s.getLastScaleReason()).isEqualTo("ScaledUp"));
        assertThat(writes.lost(ID, new Function(), settled)).isPresent();
    }

    @Test
    void aWriteIsNotRepeatedBeforeItSettlesNorWhenTheFunctionShowsIt() {
        StatusWrites writes = new StatusWrites();
        writes.wrote(ID, scaledUp(), WRITTEN);

        assertThat(writes.lost(ID, showing(null), WRITTEN.plusMillis(500))).isEmpty();
        assertThat(writes.lost(ID, showing(scaledUp()), WRITTEN.plusSeconds(60)))
                .isEmpty();
        assertThat(writes.lost(new FunctionId("team-b", "orders"), showing(null), WRITTEN.plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void aFunctionShowingAnOlderScaleGetsTheLastOneBack() {
        StatusWrites writes = new StatusWrites();
        writes.wrote(ID, scaledUp(), WRITTEN);
        AutoscalingStatus older = scaledUp();
        older.setLastScaleReason("ScaledToZero");

        assertThat(writes.lost(ID, showing(older), WRITTEN.plusSeconds(3))).isPresent();
    }

    @Test
    void thePatchStatesEveryFieldSoAClearedReadErrorIsRemoved() {
        String body = new KubernetesSerialization().asJson(ScaleWriter.patch(scaledUp()));

        assertThat(body)
                .isEqualTo("{\"status\":{\"autoscaling\":{\"queueDepth\":7,\"lastScaleTime\":\"2026-12-02T10:00:00Z\","
                        + "\"lastScaleReason\":\"ScaledUp\",\"readError\":null}}}");
    }
}
