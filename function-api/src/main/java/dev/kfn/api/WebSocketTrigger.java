package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A WebSocket API on the gateway, as API Gateway's: the gateway holds the connections and invokes the function for
 * {@code $connect}, {@code $disconnect}, {@code $default} and each named route with the WebSocket event shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebSocketTrigger {

    /** API Gateway's default route selection expression. */
    public static final String DEFAULT_ROUTE_SELECTION = "$request.body.action";

    @Required
    @Pattern("^/.*")
    @JsonPropertyDescription("Path of the WebSocket API in the namespace's HTTP API, e.g. /chat.")
    private String path;

    @Pattern("^\\$request\\.body\\.[A-Za-z0-9_.-]+$")
    @JsonPropertyDescription(
            "Which field of a JSON message names its route: $request.body.<field>;" + " default $request.body.action.")
    private String routeSelection;

    @JsonPropertyDescription("Named routes besides $connect, $disconnect and $default; a message whose route is"
            + " none of them goes to $default.")
    private List<String> routes;

    @Pattern(Bounds.AUTH_PATTERN)
    @JsonPropertyDescription("Who may connect when the gateway's auth is on: none, apiKey or jwt;"
            + " unset means the function's spec.auth. $connect may refuse a connection besides.")
    private String auth;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getRouteSelection() {
        return routeSelection;
    }

    public void setRouteSelection(String routeSelection) {
        this.routeSelection = routeSelection;
    }

    public List<String> getRoutes() {
        return routes;
    }

    public void setRoutes(List<String> routes) {
        this.routes = routes;
    }

    public String getAuth() {
        return auth;
    }

    public void setAuth(String auth) {
        this.auth = auth;
    }
}
