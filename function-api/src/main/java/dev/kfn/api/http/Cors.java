package dev.kfn.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** An HTTP trigger's CORS configuration, with the fields and bounds of API Gateway's HTTP API {@code CorsConfiguration}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cors {

    @JsonPropertyDescription("Origins allowed to call, such as https://example.com; * allows any.")
    private List<String> allowOrigins;

    @JsonPropertyDescription("Methods allowed in a preflight answer; * allows any.")
    private List<String> allowMethods;

    @JsonPropertyDescription("Request headers allowed in a preflight answer; * allows any.")
    private List<String> allowHeaders;

    @JsonPropertyDescription("Response headers a browser may show to the calling script.")
    private List<String> exposeHeaders;

    @Min(0)
    @Max(86400)
    @JsonPropertyDescription("Seconds a browser may cache a preflight answer.")
    private Integer maxAge;

    @JsonPropertyDescription("Whether the browser may send credentials (cookies, authorization).")
    private Boolean allowCredentials;

    public List<String> getAllowOrigins() {
        return allowOrigins;
    }

    public void setAllowOrigins(List<String> allowOrigins) {
        this.allowOrigins = allowOrigins;
    }

    public List<String> getAllowMethods() {
        return allowMethods;
    }

    public void setAllowMethods(List<String> allowMethods) {
        this.allowMethods = allowMethods;
    }

    public List<String> getAllowHeaders() {
        return allowHeaders;
    }

    public void setAllowHeaders(List<String> allowHeaders) {
        this.allowHeaders = allowHeaders;
    }

    public List<String> getExposeHeaders() {
        return exposeHeaders;
    }

    public void setExposeHeaders(List<String> exposeHeaders) {
        this.exposeHeaders = exposeHeaders;
    }

    public Integer getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Integer maxAge) {
        this.maxAge = maxAge;
    }

    public Boolean getAllowCredentials() {
        return allowCredentials;
    }

    public void setAllowCredentials(Boolean allowCredentials) {
        this.allowCredentials = allowCredentials;
    }
}
