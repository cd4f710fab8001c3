package dev.kfn.gateway.objectstore;

import dev.kfn.api.Function;
import dev.kfn.api.ObjectStoreSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Functions of a namespace an object event invokes: each whose objectStore triggers take it, once however
 * many of them do (S3 lets no two configurations of a bucket overlap). A trigger set up wrongly is left to the
 * operator, which reports it; it takes nothing. Pure.
 */
public final class ObjectEventTargets {

    private ObjectEventTargets() {}

    public static List<FunctionId> of(String namespace, List<Function> functions, ObjectEvent event) {
        List<FunctionId> targets = new ArrayList<>();
        for (Function fn : functions) {
            if (!namespace.equals(fn.getMetadata().getNamespace())
                    || fn.getSpec() == null
                    || fn.getSpec().getTriggers() == null) {
                continue;
            }
            if (takes(fn.getSpec().getTriggers(), event)) {
                targets.add(fn.id());
            }
        }
        return List.copyOf(targets);
    }

    private static boolean takes(List<Trigger> triggers, ObjectEvent event) {
        for (int i = 0; i < triggers.size(); i++) {
            Trigger trigger = triggers.get(i);
            if (trigger == null || trigger.getObjectStore() == null) {
                continue;
            }
            try {
                if (ObjectStoreSource.read(i, trigger.getObjectStore())
                        .matches(event.bucket(), event.eventName(), event.key())) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // reported by the operator as TriggersReady=False
            }
        }
        return false;
    }
}
