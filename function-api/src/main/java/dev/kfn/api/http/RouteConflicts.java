package dev.kfn.api.http;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the operator reports of HTTP routes: for each Function, the routes it is not served on and why (the route
 * does not parse, repeats one of its own, or an earlier Function of its namespace serves it). The gateway decides
 * from the same {@link RouteTable}, so status and serving agree. A Function without problems is absent.
 */
public final class RouteConflicts {

    private RouteConflicts() {}

    /** @param functions every Function whose routes may meet: at least all of one namespace */
    public static Map<FunctionId, List<String>> of(Collection<Function> functions) {
        return RouteTable.of(functions).problems();
    }
}
