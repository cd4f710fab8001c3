package dev.kfn.gateway.websocket;

import dev.kfn.api.websocket.WebSocketApiTable;
import dev.kfn.gateway.FunctionCatalog;
import jakarta.enterprise.context.ApplicationScoped;

/** The WebSocket APIs of the Functions the catalog holds, rebuilt on the first look after any change. */
@ApplicationScoped
public class WebSocketApis {

    private final FunctionCatalog catalog;
    private volatile Built built;

    public WebSocketApis(FunctionCatalog catalog) {
        this.catalog = catalog;
    }

    private record Built(long changes, WebSocketApiTable table) {}

    public WebSocketApiTable table() {
        long changes = catalog.changes();
        Built current = built;
        if (current == null || current.changes() != changes) {
            // the count is read before the list: a change while listing leaves it stale for the next look
            current = new Built(changes, WebSocketApiTable.of(catalog.all()));
            built = current;
        }
        return current.table();
    }
}
