package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.contract.PodLabels;
import java.util.Map;

/** Labels kfn puts on what it creates; the selector label ties a Deployment to its pods and its NetworkPolicy. */
public final class Labels {

    public static final String FUNCTION = PodLabels.FUNCTION;
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** Selects everything kfn manages, for the operator's informers. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=kfn";

    private Labels() {}

    public static Map<String, String> selector(Function fn) {
        return Map.of(FUNCTION, fn.getMetadata().getName());
    }

    public static Map<String, String> of(Function fn) {
        return Map.of(
                FUNCTION, fn.getMetadata().getName(),
                NAME, fn.getMetadata().getName(),
                COMPONENT, "function",
                PART_OF, "kfn",
                MANAGED_BY, "kfn");
    }
}
