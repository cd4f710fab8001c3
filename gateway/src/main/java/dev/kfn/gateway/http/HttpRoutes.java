package dev.kfn.gateway.http;

import dev.kfn.api.http.RouteTable;
import dev.kfn.gateway.FunctionCatalog;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The route table of the Functions the catalog holds, rebuilt on the first request after any change: every replica
 * builds it from the same list, so all of them serve a contested route from the same Function.
 */
@ApplicationScoped
public class HttpRoutes {

    private final FunctionCatalog catalog;
    private volatile Built built;

    public HttpRoutes(FunctionCatalog catalog) {
        this.catalog = catalog;
    }

    private record Built(long changes, RouteTable table) {}

    public RouteTable table() {
        long changes = catalog.changes();
        Built current = built;
        if (current == null || current.changes() != changes) {
            synchronized (this) {
                current = built;
                if (current == null || current.changes() != changes) {
                    // the count is read before the list: a change while listing leaves it stale for the next request
                    current = new Built(changes, RouteTable.of(catalog.all()));
                    built = current;
                }
            }
        }
        return current.table();
    }
}
