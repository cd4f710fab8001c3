package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.local.ScaleDownOrder.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleDownOrderTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theLowestDeletionCostGoesFirstWhateverItsReadinessOrAge() {
        List<Candidate<String>> pods = List.of(
                new Candidate<>("busy-not-ready-new", 3, false, T.plusSeconds(9)),
                new Candidate<>("idle-ready-old", 0, true, T),
                new Candidate<>("negative", -1, true, T));
        assertThat(ScaleDownOrder.victims(pods, 2)).containsExactly("negative", "idle-ready-old");
    }

    @Test
    void aTieGoesToTheNotReadyThenTheNewest() {
        List<Candidate<String>> pods = List.of(
                new Candidate<>("ready-old", 1, true, T),
                new Candidate<>("ready-new", 1, true, T.plusSeconds(5)),
                new Candidate<>("not-ready-old", 1, false, T));
        assertThat(ScaleDownOrder.victims(pods, 3)).containsExactly("not-ready-old", "ready-new", "ready-old");
    }

    @Test
    void readsTheCostAsAnInt32AndAnythingElseAsZero() {
        assertThat(ScaleDownOrder.deletionCost(Map.of(ScaleDownOrder.DELETION_COST, "-7")))
                .isEqualTo(-7);
        assertThat(ScaleDownOrder.deletionCost(Map.of(ScaleDownOrder.DELETION_COST, "many")))
                .isZero();
        assertThat(ScaleDownOrder.deletionCost(Map.of(ScaleDownOrder.DELETION_COST, "99999999999")))
                .isZero();
        assertThat(ScaleDownOrder.deletionCost(Map.of())).isZero();
        assertThat(ScaleDownOrder.deletionCost(null)).isZero();
    }
}
