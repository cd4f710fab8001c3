package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** An HTTP route served by the gateway; requests arrive as API Gateway HTTP API (payload 2.0) events. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpTrigger {

    @Required
    @Pattern("^/.*")
    @JsonPropertyDescription("Path on the gateway, e.g. /orders/{id}; {name} segments become pathParameters.")
    private String path;

    @JsonPropertyDescription("HTTP methods routed to the function; empty means all.")
    private List<String> methods;

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
}
