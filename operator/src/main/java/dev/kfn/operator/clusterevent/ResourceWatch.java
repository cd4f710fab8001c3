package dev.kfn.operator.clusterevent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One watch of the API server and the changes it saw that are not delivered to every subscriber yet, in the order
 * the API server sent them. {@link #position} is the resourceVersion up to which every change is on its
 * functions' queues: where the next watch, of this leader or the next, starts. Used from the source's one thread.
 */
final class ResourceWatch {

    /** A change, the object as it was before if this watch knew it, and the subscribers whose queues took it. */
    record Change(
            String eventType,
            GenericKubernetesResource object,
            Optional<GenericKubernetesResource> before,
            Instant seen,
            Set<String> deliveredTo) {}

    final WatchedKind kind;
    final Deque<Change> pending = new ArrayDeque<>();
    /** Every object as last seen, by uid: what a MODIFIED changed, and which ADDED only repeats what is known. */
    private final Map<String, GenericKubernetesResource> known = new HashMap<>();

    private Optional<String> position;
    private Watch watch;

    /** @param existing the objects listed before the watch starts, which are not changes */
    ResourceWatch(WatchedKind kind, Optional<String> position, List<GenericKubernetesResource> existing) {
        this.kind = kind;
        this.position = position;
        existing.forEach(o -> known.put(o.getMetadata().getUid(), o));
    }

    /**
     * The change the watch reports, unless it repeats the state this watch already knows: a watch that reconnects
     * may send an ADDED for every object again, and those are not changes.
     */
    Optional<Change> change(String eventType, GenericKubernetesResource object, Instant seen) {
        String uid = object.getMetadata().getUid();
        GenericKubernetesResource before = "DELETED".equals(eventType) ? known.remove(uid) : known.put(uid, object);
        if (!"DELETED".equals(eventType)
                && before != null
                && Objects.equals(
                        before.getMetadata().getResourceVersion(),
                        object.getMetadata().getResourceVersion())) {
            return Optional.empty();
        }
        return Optional.of(new Change(eventType, object, Optional.ofNullable(before), seen, new HashSet<>()));
    }

    void watching(Watch watch) {
        this.watch = watch;
    }

    Optional<String> position() {
        return position;
    }

    /** The head change reached every subscriber: the watch has delivered up to its resourceVersion. */
    void delivered() {
        Change done = pending.removeFirst();
        Optional.ofNullable(done.object().getMetadata().getResourceVersion())
                .ifPresent(rv -> position = Optional.of(rv));
    }

    void close() {
        if (watch != null) {
            watch.close();
        }
        pending.clear();
        known.clear();
    }
}
