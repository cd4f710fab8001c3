package dev.kfn.gateway;

import dev.kfn.gateway.http.HttpApiHandler;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body announced larger than the HTTP layer accepts with Lambda's 413 before reading any of it.
 * Bodies within that size reach the resource, which applies the exact limit of each invocation type. Requests to
 * the HTTP APIs are the {@link HttpApiHandler}'s, which answers them in API Gateway's words.
 */
@ApplicationScoped
public class OversizedBodyGuard {

    private final long maxBodyBytes;
    private final HttpApiHandler httpApis;

    public OversizedBodyGuard(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            HttpApiHandler httpApis) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.httpApis = httpApis;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && announcedLength(length) > maxBodyBytes && !httpApis.addressed(ctx.request())) {
                LambdaError error = LambdaError.tooLarge(
                        "Request must be smaller than " + (InvocationType.REQUEST_RESPONSE.maxPayloadBytes() + 1L)
                                + " bytes for the Invoke operation; it announces " + length);
                ctx.response()
                        .setStatusCode(error.status())
                        .putHeader(LambdaErrorResponse.ERROR_TYPE_HEADER, error.name())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(new JsonObject(LambdaErrorResponse.body(error)).encode());
                return;
            }
            ctx.next();
        });
    }

    private static long announcedLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
