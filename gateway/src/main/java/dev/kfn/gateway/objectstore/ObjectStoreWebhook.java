package dev.kfn.gateway.objectstore;

import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.LambdaError;
import dev.kfn.gateway.LambdaErrorResponse;
import dev.kfn.gateway.broker.BrokerUnavailableException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Bucket notifications over HTTP, one endpoint per namespace: MinIO's webhook target, Ceph RGW's HTTP
 * push-endpoint, anything that posts S3's event document. The sender proves itself with a token of the
 * namespace's {@value ObjectStoreTokens#SECRET}; the answer is 200 once every invocation the document produced is
 * queued durably, and an error in Lambda's format otherwise — 5xx and 429 so that the sender sends again.
 */
@Path(ObjectStoreWebhook.PATH)
public class ObjectStoreWebhook {

    public static final String PATH = "/object-store/{namespace}";

    private final ObjectStoreTokens tokens;
    private final ObjectEventDelivery delivery;
    private final String region;

    public ObjectStoreWebhook(ObjectStoreTokens tokens, ObjectEventDelivery delivery, GatewayConfig config) {
        this.tokens = tokens;
        this.delivery = delivery;
        this.region = config.region();
    }

    @POST
    @Blocking
    public CompletionStage<Response> notify(
            @PathParam("namespace") String namespace,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("token") String queryToken,
            byte[] document) {
        Optional<String> token = WebhookToken.presented(authorization, queryToken);
        if (token.isEmpty()) {
            return error(LambdaError.unauthorized("Present a token of the " + ObjectStoreTokens.SECRET
                    + " Secret of namespace " + namespace
                    + ": Authorization: Bearer <token>, Basic credentials with it as the password, or ?token="));
        }
        if (!tokens.synced()) {
            return error(LambdaError.serviceUnavailable(
                    "The gateway has not read the tokens yet; send the notification again"));
        }
        if (!tokens.grants(namespace, token.get())) {
            return error(LambdaError.unauthorized(
                    "The token is not one of the " + ObjectStoreTokens.SECRET + " Secret of namespace " + namespace));
        }
        List<ObjectEvent> events;
        try {
            events = BucketNotification.read(document == null ? new byte[0] : document, region);
        } catch (MalformedNotification e) {
            return error(LambdaError.invalidParameter(e.getMessage()));
        }
        CompletableFuture<Integer> delivered;
        try {
            delivered = delivery.deliver(namespace, events);
        } catch (RuntimeException e) {
            delivered = CompletableFuture.failedFuture(e);
        }
        return delivered.handle((invocations, failure) -> failure == null
                ? Response.ok(Map.of("records", events.size(), "invocations", invocations), MediaType.APPLICATION_JSON)
                        .build()
                : LambdaErrorResponse.of(errorOf(failure)));
    }

    private static CompletionStage<Response> error(LambdaError error) {
        return CompletableFuture.completedFuture(LambdaErrorResponse.of(error));
    }

    private static LambdaError errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvokeException invoke) {
            return invoke.error();
        }
        if (cause instanceof BrokerUnavailableException) {
            return LambdaError.serviceUnavailable(
                    "The broker is unavailable (" + cause.getMessage() + "); send the notification again");
        }
        return LambdaError.serviceUnavailable(
                "The notification was not queued (" + cause.getClass().getSimpleName() + "); send it again");
    }
}
