package dev.kfn.local;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which instances go when a Deployment has more than it wants: lowest {@code controller.kubernetes.io/pod-deletion-cost}
 * first (the operator sets it from each instance's busy count, so idle ones go before busy ones), ties broken as the
 * ReplicaSet controller breaks them: not ready before ready, then newest before oldest.
 */
final class ScaleDownOrder {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    /** What the order reads of one instance. */
    record Candidate<T>(T instance, int deletionCost, boolean ready, Instant startedAt) {}

    private static final Comparator<Candidate<?>> ORDER = Comparator.<Candidate<?>>comparingInt(Candidate::deletionCost)
            .thenComparing(Candidate::ready)
            .thenComparing(Candidate::startedAt, Comparator.reverseOrder());

    private ScaleDownOrder() {}

    /** The {@code count} instances to stop, first to go first. */
    static <T> List<T> victims(List<Candidate<T>> candidates, int count) {
        return candidates.stream()
                .sorted(ORDER)
                .limit(Math.max(0, count))
                .map(Candidate::instance)
                .toList();
    }

    /** The cost a Pod's annotations give it: 0 when absent or not an int32, as the ReplicaSet controller reads it. */
    static int deletionCost(Map<String, String> annotations) {
        return Optional.ofNullable(annotations)
                .map(a -> a.get(DELETION_COST))
                .flatMap(ScaleDownOrder::int32)
                .orElse(0);
    }

    private static Optional<Integer> int32(String value) {
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
