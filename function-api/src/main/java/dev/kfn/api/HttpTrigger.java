package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kfn.api.http.Cors;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/**
 * HTTP routes served by the gateway; requests arrive as API Gateway HTTP API (payload 2.0) events. Routes are
 * API Gateway's route keys; {@code path} with {@code methods} is the older form of one route per method.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpTrigger {

    @JsonPropertyDescription("API Gateway route keys: \"GET /orders/{id}\", \"ANY /files/{proxy+}\", \"$default\".")
    private List<String> routes;

    @Pattern(Bounds.AUTH_PATTERN)
    @JsonPropertyDescription("Who may call these routes when the gateway's auth is on: none, apiKey or jwt;"
            + " unset means the function's spec.auth.")
    private String auth;

    @JsonPropertyDescription("CORS of these routes: the gateway answers preflights and adds the headers to responses.")
    private Cors cors;

    @JsonPropertyDescription("A function URL: the function's own address on the gateway, every path and method"
            + " of it routed to the function (payload 2.0), shown in status.url.")
    private Boolean url;

    @Pattern("^/.*")
    @JsonPropertyDescription("Path on the gateway, e.g. /orders/{id}; {name} segments become pathParameters.")
    private String path;

    @JsonPropertyDescription("HTTP methods routed to the function; empty means all.")
    private List<String> methods;

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

    public Cors getCors() {
        return cors;
    }

    public void setCors(Cors cors) {
        this.cors = cors;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<String> getMethods() {
        return methods;
    }

    public void setMethods(List<String> methods) {
        this.methods = methods;
    }

    public Boolean getUrl() {
        return url;
    }

    public void setUrl(Boolean url) {
        this.url = url;
    }
}
