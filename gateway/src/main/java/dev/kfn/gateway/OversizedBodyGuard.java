package dev.kfn.gateway;

import dev.kfn.gateway.http.HttpApiHandler;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body announced larger than the HTTP layer accepts with Lambda's 413 before reading any of it, and
 * headers past {@link #MAX_HEADER_BYTES} with 431 in the same format (the HTTP layer's own, bare refusal comes
 * only far beyond). Bodies within that size reach the resource, which applies the exact limit of each invocation
 * type. Requests to the HTTP APIs are the {@link HttpApiHandler}'s, which answers them in API Gateway's words.
 */
@ApplicationScoped
public class OversizedBodyGuard {

    /** Every header's name and value, as API Gateway bounds them. */
    public static final int MAX_HEADER_BYTES = 20 * 1024;

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
            long headerBytes = 0;
            for (var header : ctx.request().headers()) {
                headerBytes += header.getKey().length() + header.getValue().length() + 4;
            }
            if (headerBytes > MAX_HEADER_BYTES) {
                if (httpApis.addressed(ctx.request())) {
                    ctx.response()
                            .setStatusCode(431)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("Connection", "close")
                            .end("{\"message\":\"Request Header Fields Too Large\"}");
                } else {
                    refuse(
                            ctx,
                            LambdaError.headersTooLarge("Request headers must be at most " + MAX_HEADER_BYTES
                                    + " bytes; these are " + headerBytes));
                }
                return;
            }
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && announcedLength(length) > maxBodyBytes && !httpApis.addressed(ctx.request())) {
                LambdaError error = LambdaError.tooLarge(
                        "Request must be smaller than " + (InvocationType.REQUEST_RESPONSE.maxPayloadBytes() + 1L)
                                + " bytes for the Invoke operation; it announces " + length);
                refuse(ctx, error);
                return;
            }
            ctx.next();
        });
    }

    private static void refuse(RoutingContext ctx, LambdaError error) {
        ctx.response()
                .setStatusCode(error.status())
                .putHeader(LambdaErrorResponse.ERROR_TYPE_HEADER, error.name())
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject(LambdaErrorResponse.body(error)).encode());
    }

    private static long announcedLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
