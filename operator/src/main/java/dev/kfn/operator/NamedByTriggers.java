package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resources of the Function's namespace its triggers name, such as the Stream a stream trigger reads or the Topic a
 * topic trigger subscribes to. Pure.
 */
final class NamedByTriggers {

    private NamedByTriggers() {}

    /**
     * Each trigger whose {@code field} ({@code stream}, say) names a resource of {@code kind} not among
     * {@code existing}, named by its field, with what to create.
     */
    static List<String> missing(
            Function fn,
            String field,
            String kind,
            java.util.function.Function<Trigger, String> named,
            Set<String> existing) {
        List<String> problems = new ArrayList<>();
        List<Trigger> triggers = fn.getSpec().getTriggers();
        for (int i = 0; i < triggers.size(); i++) {
            String name = triggers.get(i) == null ? null : named.apply(triggers.get(i));
            if (name != null && !existing.contains(name)) {
                problems.add("spec.triggers[" + i + "]." + field + ".name: "
                        + notFound(kind, name, fn.getMetadata().getNamespace()));
            }
        }
        return problems;
    }

    /** What a problem says of a resource the namespace does not have. */
    static String notFound(String kind, String name, String namespace) {
        return kind + " " + name + " does not exist in namespace " + namespace + "; create it (kind: " + kind
                + ", apiVersion: " + Function.GROUP + "/" + Function.VERSION + ")";
    }
}
