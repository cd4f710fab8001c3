package dev.kfn.gateway.http;

import dev.kfn.api.http.Cors;
import dev.kfn.api.http.RouteMatch;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvocationMetrics;
import dev.kfn.gateway.InvocationType;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import dev.kfn.gateway.broker.BrokerUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Serves the Functions' HTTP routes (API Gateway HTTP APIs, payload 2.0) ahead of the gateway's own resources. A
 * routed request takes the Invoke API's synchronous path: the same admission, auth, publish and reply, so
 * concurrency caps, wakes from zero and metrics are the same, and the caller waits the function's own timeout (up to
 * 900 s, where API Gateway stops at 30 s) plus the queueing allowance. A function URL is served the same way, as the
 * {@code $default} route of the function alone.
 */
@ApplicationScoped
public class HttpApiHandler {

    /** Lambda's synchronous payload bound, applied to the request body. */
    public static final int MAX_BODY_BYTES = InvocationType.REQUEST_RESPONSE.maxPayloadBytes();

    public static final String REQUEST_ID_HEADER = "apigw-requestid";

    /** How long a refused body may still arrive before its connection closes. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(HttpApiHandler.class);

    private final HttpApiAddressing addressing;
    private final FunctionCatalog catalog;
    private final HttpRoutes routes;
    private final Invoker invoker;
    private final Authorizer authorizer;
    private final InvocationMetrics metrics;
    private final GatewayConfig config;

    public HttpApiHandler(
            FunctionCatalog catalog,
            HttpRoutes routes,
            Invoker invoker,
            Authorizer authorizer,
            InvocationMetrics metrics,
            GatewayConfig config) {
        this.addressing = HttpApiAddressing.from(config.http());
        this.catalog = catalog;
        this.routes = routes;
        this.invoker = invoker;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.config = config;
    }

    /** Right after {@code OversizedBodyGuard}, which leaves HTTP API requests to this handler. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    /** True for a request addressed to an HTTP API rather than to the gateway's own resources. */
    public boolean addressed(HttpServerRequest request) {
        return addressing.locate(request.getHeader("Host"), request.path()).isPresent();
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Optional<HttpApiAddressing.Addressed> addressed = addressing.locate(request.getHeader("Host"), request.path());
        if (addressed.isEmpty()) {
            ctx.next();
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && announced(length) > MAX_BODY_BYTES) {
            refuseTooLarge(ctx);
            return;
        }
        Optional<Authorized> authorized;
        try {
            authorized = authorizedBeforeTheBody(request, addressed.get());
        } catch (InvokeException e) {
            // the body is left unread: closing the connection spares reading it to find the next request
            ctx.response().putHeader("Connection", "close");
            write(ctx, HttpApiResponse.of(e.error()));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // curl waits a second for this before it sends a body over 1 KB
            ctx.response().writeContinue();
        }
        body(request)
                .onSuccess(body -> serve(ctx, addressed.get(), body.getBytes(), authorized))
                .onFailure(failure -> {
                    if (failure instanceof BodyTooLarge) {
                        refuseTooLarge(ctx);
                    } else {
                        LOG.debugf(failure, "Reading a request body failed");
                        ctx.request().connection().close();
                    }
                });
    }

    /** A route's function admitted and its caller authorized, with the token's claims when the route asks for JWT. */
    private record Authorized(RouteMatch match, FunctionAdmission.Admitted fn, Optional<JsonWebToken> jwt) {}

    /**
     * A routed request whose credentials the route's policy refuses is answered from its method, path and headers
     * alone, so an unauthenticated caller cannot make the gateway buffer a body; one it admits is not authorized
     * again once the body is read. Everything else — no route, a preflight — is decided with the body.
     *
     * @throws InvokeException the refusal
     */
    private Optional<Authorized> authorizedBeforeTheBody(
            HttpServerRequest request, HttpApiAddressing.Addressed addressed) {
        if (!catalog.synced() || request.method() == HttpMethod.OPTIONS) {
            return Optional.empty();
        }
        return match(addressed, request.method().name())
                .map(match -> authorize(
                        match,
                        Optional.ofNullable(request.getHeader(Credentials.API_KEY_HEADER)),
                        Optional.ofNullable(request.getHeader("Authorization"))));
    }

    private Authorized authorize(RouteMatch match, Optional<String> apiKey, Optional<String> authorization) {
        FunctionId id = match.route().function().id();
        FunctionAdmission.Admitted fn =
                FunctionAdmission.admit(new FunctionRef(id, Optional.empty()), catalog.find(id), config.region());
        Optional<JsonWebToken> jwt = authorizer.authorize(
                id,
                Optional.ofNullable(match.route().trigger().getAuth()).or(fn::authPolicy),
                Credentials.of(apiKey.orElse(null), authorization.orElse(null)));
        return new Authorized(match, fn, jwt);
    }

    private void serve(
            RoutingContext ctx, HttpApiAddressing.Addressed addressed, byte[] body, Optional<Authorized> authorized) {
        HttpApiRequest request = snapshot(ctx.request(), addressed, body);
        if (!catalog.synced()) {
            write(ctx, HttpApiResponse.unavailable());
            return;
        }
        if (CorsHeaders.isPreflight(request)) {
            Optional<Cors> cors = match(
                            addressed,
                            request.firstHeader(CorsHeaders.REQUEST_METHOD).orElseThrow())
                    .map(m -> m.route().trigger().getCors());
            if (cors.isPresent()) {
                write(
                        ctx,
                        HttpApiResponse.preflight(
                                CorsHeaders.preflight(cors.get(), request.firstHeader(CorsHeaders.ORIGIN))));
                return;
            }
        }
        Optional<RouteMatch> match = match(addressed, request.method());
        long started = System.nanoTime();
        metrics.started();
        if (match.isEmpty()) {
            metrics.finished(null, null, 404, Duration.ofNanos(System.nanoTime() - started));
            write(ctx, HttpApiResponse.notFound());
            return;
        }
        FunctionId function = match.get().route().function().id();
        String requestId = UUID.randomUUID().toString();
        Context context = Vertx.currentContext();
        Future<CompletableFuture<HttpApiResponse>> published =
                ctx.vertx().executeBlocking(() -> call(request, addressed, match.get(), requestId, authorized), false);
        published
                .toCompletionStage()
                .toCompletableFuture()
                .thenCompose(answer -> answer)
                .exceptionally(HttpApiHandler::answerTo)
                .thenApply(answer -> withCors(answer, match.get(), request).withHeader(REQUEST_ID_HEADER, requestId))
                .thenAccept(answer -> {
                    metrics.finished(
                            function,
                            InvocationType.REQUEST_RESPONSE,
                            answer.status(),
                            Duration.ofNanos(System.nanoTime() - started));
                    context.runOnContext(v -> write(ctx, answer));
                });
    }

    /** The namespace's route for the method and path, or the function URL's only route. */
    private Optional<RouteMatch> match(HttpApiAddressing.Addressed addressed, String method) {
        if (addressed.functionUrl().isPresent()) {
            return addressed.urlFunction().flatMap(catalog::find).flatMap(FunctionUrls::match);
        }
        return routes.table().match(addressed.namespace(), method, addressed.routePath());
    }

    /** On a worker thread: the publish may be held back by the broker. The reply is waited for without a thread. */
    private CompletableFuture<HttpApiResponse> call(
            HttpApiRequest request,
            HttpApiAddressing.Addressed addressed,
            RouteMatch match,
            String requestId,
            Optional<Authorized> beforeTheBody) {
        // the route table may have changed while the body came: authorized for another route is not authorized
        Authorized authorized = beforeTheBody
                .filter(before -> before.match().equals(match))
                .orElseGet(() -> authorize(
                        match, request.firstHeader(Credentials.API_KEY_HEADER), request.firstHeader("authorization")));
        FunctionAdmission.Admitted fn = authorized.fn();
        Optional<JsonWebToken> jwt = authorized.jwt();
        byte[] event = HttpApiEvent.of(
                request,
                match,
                addressed.namespace(),
                // a function URL's API is the function alone, as a Lambda function URL's apiId is its url-id
                addressed.functionUrl().orElse(addressed.namespace()),
                requestId,
                Instant.now(),
                jwt.map(token -> JwtClaims.of(token.getRawToken())));
        InvocationMessage.Context context = new InvocationMessage.Context(
                Optional.of("application/json"), Optional.empty(), request.firstHeader("traceparent"));
        return invoker.invoke(fn, event, context)
                .thenApply(result -> result.reply().message().functionError().isPresent()
                        ? HttpApiResponse.ofFunctionError(result.reply().body())
                        : HttpApiResponse.ofReply(result.reply().body()));
    }

    private static HttpApiResponse withCors(HttpApiResponse answer, RouteMatch match, HttpApiRequest request) {
        Cors cors = match.route().trigger().getCors();
        return cors == null
                ? answer
                : answer.withHeaders(
                        CorsHeaders.actual(cors, request.firstHeader(CorsHeaders.ORIGIN)), CorsHeaders::replaces);
    }

    private static HttpApiResponse answerTo(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvokeException invoke) {
            return HttpApiResponse.of(invoke.error());
        }
        if (cause instanceof BrokerUnavailableException) {
            return HttpApiResponse.unavailable();
        }
        LOG.error("HTTP API call failed unexpectedly", cause);
        return HttpApiResponse.internalError();
    }

    private static HttpApiRequest snapshot(
            HttpServerRequest request, HttpApiAddressing.Addressed addressed, byte[] body) {
        String protocol = switch (request.version()) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> "HTTP/2.0";
        };
        return new HttpApiRequest(
                request.method().name(),
                addressed.routePath(),
                Optional.ofNullable(request.query()),
                List.copyOf(request.headers().entries()),
                body,
                protocol,
                request.remoteAddress().hostAddress(),
                request.scheme(),
                request.localAddress().port());
    }

    private static void write(RoutingContext ctx, HttpApiResponse answer) {
        HttpServerResponse response = ctx.response();
        try {
            response.setStatusCode(answer.status());
            answer.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
        } catch (IllegalArgumentException e) {
            // a header name or value HTTP cannot carry, as a function may write one
            response.headers().clear();
            HttpApiResponse failed = HttpApiResponse.internalError();
            response.setStatusCode(failed.status());
            failed.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
            response.end(Buffer.buffer(failed.body()));
            return;
        }
        response.end(Buffer.buffer(answer.body()));
    }

    /**
     * The body is not kept: the connection closes after the answer. It closes once the client has sent the rest of
     * its body, or after {@link #LINGER} at the most, as web servers close lingeringly: a connection closed while the
     * client is still sending is reset, and the client never reads the 413.
     */
    private static void refuseTooLarge(RoutingContext ctx) {
        HttpApiResponse answer = HttpApiResponse.tooLarge();
        HttpServerResponse response =
                ctx.response().setStatusCode(answer.status()).putHeader("connection", "close");
        answer.headers().forEach(header -> response.putHeader(header.getKey(), header.getValue()));
        response.end(Buffer.buffer(answer.body())).onComplete(done -> lingerThenClose(ctx));
    }

    private static void lingerThenClose(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long timer = ctx.vertx()
                .setTimer(LINGER.toMillis(), id -> request.connection().close());
        try {
            request.handler(dropped -> {}).endHandler(ended -> {
                ctx.vertx().cancelTimer(timer);
                request.connection().close();
            });
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            ctx.vertx().cancelTimer(timer);
            request.connection().close();
        }
    }

    /** The body, or {@link BodyTooLarge} as soon as it grows past the bound. */
    private static Future<Buffer> body(HttpServerRequest request) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                promise.tryFail(new BodyTooLarge());
            } else if (!promise.future().isComplete()) {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(promise::tryFail);
        request.endHandler(end -> promise.tryComplete(body));
        return promise.future();
    }

    private static long announced(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("request body over " + MAX_BODY_BYTES + " bytes", null, false, false);
        }
    }
}
