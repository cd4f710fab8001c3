package dev.kfn.gateway.auth;

import dev.kfn.contract.FunctionId;
import java.util.Set;

/** The JWT groups that grant invoking a function: all functions, a namespace's, or the one function. */
public final class InvokeScopes {

    public static final String ALL = "kfn:invoke:*";

    private InvokeScopes() {}

    public static String forNamespace(String namespace) {
        return "kfn:invoke:" + namespace;
    }

    public static String forFunction(FunctionId fn) {
        return "kfn:invoke:" + fn;
    }

    public static boolean allows(Set<String> groups, FunctionId fn) {
        return groups != null
                && (groups.contains(ALL)
                        || groups.contains(forNamespace(fn.namespace()))
                        || groups.contains(forFunction(fn)));
    }
}
