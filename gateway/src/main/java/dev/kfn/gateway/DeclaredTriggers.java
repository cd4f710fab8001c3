package dev.kfn.gateway;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The triggers of one kind the Functions declare, read as the operator reads them. A Function whose spec is invalid
 * and a trigger that does not read are left out: the operator reports both in the Function's status. Pure.
 */
public final class DeclaredTriggers {

    /** A trigger by its Function and its index in {@code spec.triggers}. */
    public record Key(String namespace, String name, int trigger) {}

    /** Reads one trigger's spec into what runs it; throws IllegalArgumentException for a spec that does not read. */
    @FunctionalInterface
    public interface Reader<T, S> {
        S read(FunctionId function, int index, T trigger);
    }

    private DeclaredTriggers() {}

    /** Each trigger {@code kind} picks out (null where a trigger is of another kind), read by {@code reader}. */
    public static <T, S> Map<Key, S> of(
            List<Function> functions, java.util.function.Function<Trigger, T> kind, Reader<T, S> reader) {
        Map<Key, S> declared = new HashMap<>();
        for (Function fn : functions) {
            if (fn.getSpec() == null || fn.getSpec().getTriggers() == null || invalid(fn)) {
                continue;
            }
            List<Trigger> triggers = fn.getSpec().getTriggers();
            for (int i = 0; i < triggers.size(); i++) {
                T trigger = triggers.get(i) == null ? null : kind.apply(triggers.get(i));
                if (trigger == null) {
                    continue;
                }
                try {
                    declared.put(new Key(fn.id().namespace(), fn.id().name(), i), reader.read(fn.id(), i, trigger));
                } catch (IllegalArgumentException e) {
                    // the operator reports it as TriggersReady=False
                }
            }
        }
        return declared;
    }

    private static boolean invalid(Function fn) {
        return Optional.ofNullable(fn.getStatus())
                .flatMap(FunctionStatus::invalidSpec)
                .isPresent();
    }
}
