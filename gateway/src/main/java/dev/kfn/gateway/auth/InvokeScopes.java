package dev.kfn.gateway.auth;

import dev.kfn.gateway.FunctionRef;
import java.util.Set;

/** The JWT groups that grant invoking a function: all functions, a namespace's, or the one function. */
public final class InvokeScopes {

    public static final String ALL = "kfn:invoke:*";

    private InvokeScopes() {
    }

    public static String forNamespace(String namespace) {
        return "kfn:invoke:" + namespace;
    }

    public static String forFunction(FunctionRef fn) {
        return "kfn:invoke:" + fn.namespace() + "/" + fn.name();
    }

    public static boolean allows(Set<String> groups, FunctionRef fn) {
        return groups != null
            && (groups.contains(ALL) || groups.contains(forNamespace(fn.namespace())) || groups.contains(forFunction(fn)));
    }
}
