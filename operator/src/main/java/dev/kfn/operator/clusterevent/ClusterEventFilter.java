package dev.kfn.operator.clusterevent;

import dev.kfn.api.ClusterEventTrigger;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A clusterEvent trigger read and checked: which changes of its watch reach the function. The label selector is
 * the API server's to apply (it is part of the watch); event types, and for core Events reasons and types, are
 * applied here. Pure.
 */
public record ClusterEventFilter(WatchKey watch, List<String> eventTypes, List<String> reasons, List<String> types) {

    public static final Set<String> EVENT_TYPES = Set.of("ADDED", "MODIFIED", "DELETED");
    public static final Set<String> EVENT_SEVERITIES = Set.of("Normal", "Warning");

    /**
     * @param field where the trigger sits, {@code spec.triggers[i].clusterEvent}
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static ClusterEventFilter read(WatchKey watch, ClusterEventTrigger trigger, String field) {
        if (blank(trigger.getApiVersion())) {
            throw new IllegalArgumentException(field + ".apiVersion: required, e.g. v1 or apps/v1");
        }
        if (blank(trigger.getKind())) {
            throw new IllegalArgumentException(field + ".kind: required, e.g. Pod");
        }
        List<String> eventTypes = list(trigger.getEventTypes());
        for (int i = 0; i < eventTypes.size(); i++) {
            if (!EVENT_TYPES.contains(eventTypes.get(i))) {
                throw new IllegalArgumentException(field + ".eventTypes[" + i + "]: \"" + eventTypes.get(i)
                        + "\" is not ADDED, MODIFIED or DELETED");
            }
        }
        List<String> reasons = list(trigger.getReasons());
        List<String> types = list(trigger.getTypes());
        if (!watch.coreEvent() && !(reasons.isEmpty() && types.isEmpty())) {
            throw new IllegalArgumentException(field + ": reasons and types filter core Events only"
                    + " (apiVersion v1, kind Event), not " + watch.apiVersion() + " " + watch.kind());
        }
        for (int i = 0; i < types.size(); i++) {
            if (!EVENT_SEVERITIES.contains(types.get(i))) {
                throw new IllegalArgumentException(
                        field + ".types[" + i + "]: \"" + types.get(i) + "\" is not Normal or Warning");
            }
        }
        watch.labelSelector().ifPresent(selector -> LabelSelectorSyntax.check(selector, field + ".labelSelector"));
        return new ClusterEventFilter(watch, eventTypes, reasons, types);
    }

    public boolean matches(String eventType, GenericKubernetesResource object) {
        if (!eventTypes.isEmpty() && !eventTypes.contains(eventType)) {
            return false;
        }
        if (!watch.coreEvent()) {
            return true;
        }
        return (reasons.isEmpty() || reasons.contains(field(object, "reason")))
                && (types.isEmpty() || types.contains(field(object, "type")));
    }

    static String field(GenericKubernetesResource object, String name) {
        return Objects.toString(object.getAdditionalProperties().get(name), null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
