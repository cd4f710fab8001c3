package dev.kfn.gateway.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.websocket.WebSocketApi;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import dev.kfn.gateway.broker.BrokerUnavailableException;
import dev.kfn.gateway.broker.ReceivedReply;
import dev.kfn.gateway.http.HttpApiAddressing;
import dev.kfn.gateway.http.HttpApiResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Serves the Functions' WebSocket APIs (API Gateway WebSocket APIs) and the connection API ({@code @connections}) at
 * the namespaces' HTTP API addresses, ahead of the HTTP routes: an upgrade request to a WebSocket API's path, and
 * every request to {@code <namespace address>/@connections/...}. Everything else goes on to the HTTP routes. Each
 * route is invoked as the Invoke API's synchronous path invokes (the same admission, caps, wakes and throttles).
 */
@ApplicationScoped
public class WebSocketApiHandler {

    public static final String CONNECTIONS_PATH = "/@connections/";

    private static final Logger LOG = Logger.getLogger(WebSocketApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InvocationMessage.Context JSON_CONTEXT =
            new InvocationMessage.Context(Optional.of("application/json"), Optional.empty(), Optional.empty());
    /** The status a $disconnect reports when the connection ended without a close frame. */
    private static final int ABNORMAL_CLOSURE = 1006;

    private final HttpApiAddressing addressing;
    private final WebSocketApis apis;
    private final FunctionCatalog catalog;
    private final Invoker invoker;
    private final Authorizer authorizer;
    private final GatewayConfig config;
    private final WebSocketConfig limits;
    private final LocalConnections local;
    private final ConnectionForwarder forwarder;

    @Inject
    public WebSocketApiHandler(
            WebSocketApis apis,
            FunctionCatalog catalog,
            Invoker invoker,
            Authorizer authorizer,
            GatewayConfig config,
            WebSocketConfig limits,
            LocalConnections local,
            ConnectionRelayLink forwarder) {
        this(apis, catalog, invoker, authorizer, config, limits, local, (ConnectionForwarder) forwarder);
    }

    /** A replica's handler over its own connections and broker relay. */
    public WebSocketApiHandler(
            WebSocketApis apis,
            FunctionCatalog catalog,
            Invoker invoker,
            Authorizer authorizer,
            GatewayConfig config,
            WebSocketConfig limits,
            LocalConnections local,
            ConnectionForwarder forwarder) {
        this.addressing = HttpApiAddressing.from(config.http());
        this.apis = apis;
        this.catalog = catalog;
        this.invoker = invoker;
        this.authorizer = authorizer;
        this.config = config;
        this.limits = limits;
        this.local = local;
        this.forwarder = forwarder;
    }

    /** Ahead of the HTTP routes' handler ({@code Integer.MIN_VALUE + 1}). */
    void install(@Observes Router router, Vertx vertx) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
        expireEvery(vertx);
    }

    /** Closes idle and overage connections on a timer of a tenth of the shorter limit, between 100 ms and 10 s. */
    private void expireEvery(Vertx vertx) {
        long shorter =
                Math.min(limits.idleTimeout().toMillis(), limits.maxLifetime().toMillis());
        vertx.setPeriodic(
                Math.max(100, Math.min(10_000, shorter / 10)),
                timer -> local.expire(Instant.now(), limits.idleTimeout(), limits.maxLifetime()));
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Optional<HttpApiAddressing.Addressed> addressed = addressing.locate(request.getHeader("Host"), request.path());
        if (addressed.isEmpty()) {
            ctx.next();
            return;
        }
        String namespace = addressed.get().namespace();
        String path = addressed.get().routePath();
        if (path.startsWith(CONNECTIONS_PATH)) {
            connectionApi(ctx, namespace, path.substring(CONNECTIONS_PATH.length()));
            return;
        }
        if (request.method() != HttpMethod.GET
                || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
                || !catalog.synced()) {
            ctx.next();
            return;
        }
        Optional<WebSocketApi> api = apis.table().at(namespace, path);
        if (api.isEmpty()) {
            ctx.next();
            return;
        }
        connect(ctx, namespace, api.get());
    }

    // --- the WebSocket API

    private void connect(RoutingContext ctx, String namespace, WebSocketApi api) {
        HttpServerRequest request = ctx.request();
        request.pause();
        Instant now = Instant.now();
        WebSocketEvent.Origin origin = new WebSocketEvent.Origin(
                local.mint(),
                now,
                Optional.ofNullable(request.getHeader("Host")).orElse(""),
                stage(namespace),
                apiId(namespace, api.path()),
                request.remoteAddress().hostAddress(),
                Optional.ofNullable(request.getHeader("User-Agent")));
        String requestId = UUID.randomUUID().toString();
        byte[] event = WebSocketEvent.connect(
                origin, requestId, List.copyOf(request.headers().entries()), query(request), now);
        Credentials credentials =
                Credentials.of(request.getHeader(Credentials.API_KEY_HEADER), request.getHeader("Authorization"));
        Context context = Vertx.currentContext();
        invoke(ctx.vertx(), () -> {
                    FunctionAdmission.Admitted fn = admit(api.function().id());
                    authorizer.authorize(
                            fn.function(),
                            Optional.ofNullable(api.trigger().getAuth()).or(fn::authPolicy),
                            credentials);
                    return invoker.invoke(fn, event, JSON_CONTEXT);
                })
                .handle((reply, failure) -> failure == null ? connectAnswer(reply) : refusal(failure))
                .thenAccept(answer -> context.runOnContext(v -> {
                    if (answer.status() / 100 != 2) {
                        refuse(ctx.response(), answer);
                        return;
                    }
                    request.toWebSocket()
                            .onSuccess(socket -> opened(ctx.vertx(), new Connection(origin, namespace, api, socket)))
                            .onFailure(e -> LOG.debugf(e, "WebSocket handshake failed after $connect"));
                }));
    }

    /** The $connect answer: a function error or a non-2xx {@code statusCode} refuses the connection. */
    private static HttpApiResponse connectAnswer(ReceivedReply reply) {
        return reply.message().functionError().isPresent()
                ? HttpApiResponse.ofFunctionError(reply.body())
                : HttpApiResponse.ofReply(reply.body());
    }

    private void opened(Vertx vertx, Connection connection) {
        local.opened(connection);
        ServerWebSocket socket = connection.socket();
        MessageAssembler assembler = new MessageAssembler(limits.maxFrameBytes(), limits.maxMessageBytes());
        socket.frameHandler(frame -> {
            if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
                return;
            }
            MessageAssembler.Outcome outcome = assembler.frame(
                    !frame.isContinuation(), frame.isText(), frame.binaryData().getBytes(), frame.isFinal());
            if (outcome instanceof MessageAssembler.TooBig tooBig) {
                socket.close(MessageAssembler.TOO_BIG, tooBig.reason());
            } else if (outcome instanceof MessageAssembler.Message message) {
                message(vertx, connection, message);
            }
        });
        socket.closeHandler(v -> {
            local.closed(connection);
            disconnected(vertx, connection, socket);
        });
    }

    private void message(Vertx vertx, Connection connection, MessageAssembler.Message message) {
        Instant now = Instant.now();
        connection.active(now);
        String route = connection.api().routeOf(message.data(), message.text());
        String requestId = UUID.randomUUID().toString();
        byte[] event = WebSocketEvent.message(
                connection.origin(),
                route,
                requestId,
                ConnectionId.newReplica() + "=",
                message.data(),
                message.text(),
                now);
        invoke(vertx, () -> invoker.invoke(admit(connection.function()), event, JSON_CONTEXT))
                .handle((reply, failure) -> {
                    if (failure != null) {
                        return Optional.of(RouteReply.error(messageOf(refusal(failure)), connection.id(), requestId)
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    if (reply.message().functionError().isPresent()) {
                        return Optional.of(RouteReply.error("Internal server error", connection.id(), requestId)
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    return RouteReply.of(reply.body());
                })
                .thenAccept(back -> back.ifPresent(data -> connection.send(data, Instant.now())));
    }

    private void disconnected(Vertx vertx, Connection connection, ServerWebSocket socket) {
        Short status = socket.closeStatusCode();
        String reason = Optional.ofNullable(socket.closeReason()).orElse("");
        byte[] event = WebSocketEvent.disconnect(
                connection.origin(),
                UUID.randomUUID().toString(),
                status == null ? ABNORMAL_CLOSURE : status,
                reason,
                Instant.now());
        invoke(vertx, () -> invoker.invoke(admit(connection.function()), event, JSON_CONTEXT))
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        LOG.debugf(failure, "$disconnect of %s failed", connection.id());
                    }
                });
    }

    /** On a worker thread: the publish may be held back by the broker. The reply is waited for without a thread. */
    private static CompletableFuture<ReceivedReply> invoke(
            Vertx vertx, Supplier<CompletableFuture<Invoker.Result>> call) {
        return vertx.executeBlocking(call::get, false)
                .toCompletionStage()
                .toCompletableFuture()
                .thenCompose(result -> result)
                .thenApply(Invoker.Result::reply);
    }

    private FunctionAdmission.Admitted admit(FunctionId function) {
        return FunctionAdmission.admit(
                new FunctionRef(function, Optional.empty()), catalog.find(function), config.region());
    }

    private static HttpApiResponse refusal(Throwable failure) {
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
        LOG.error("A WebSocket route call failed unexpectedly", cause);
        return HttpApiResponse.internalError();
    }

    /** The {@code message} of one of API Gateway's own answers. */
    private static String messageOf(HttpApiResponse answer) {
        try {
            return JSON.readTree(answer.body()).path("message").asText("Internal server error");
        } catch (IOException e) {
            return "Internal server error";
        }
    }

    private static void refuse(HttpServerResponse response, HttpApiResponse answer) {
        response.setStatusCode(answer.status());
        answer.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
        response.end(Buffer.buffer(answer.body()));
    }

    /**
     * What a function puts after {@code domainName} to reach the connection API, as API Gateway's stage: the path
     * addressing the namespace ({@code <prefix>/<namespace>}), or nothing when the namespace is in the host.
     */
    private String stage(String namespace) {
        return config.http().namespaceFrom() == GatewayConfig.NamespaceFrom.HOST
                ? ""
                : (addressing.pathPrefix() + "/" + namespace).substring(1);
    }

    /** Stable across replicas and restarts: ten hex digits of the API's namespace and path. */
    static String apiId(String namespace, String path) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest((namespace + path).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> query(HttpServerRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.params()
                .forEach(entry -> query.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(entry.getValue()));
        return query;
    }

    // --- the connection API

    private void connectionApi(RoutingContext ctx, String namespace, String connectionId) {
        HttpServerRequest request = ctx.request();
        ConnectionRequest.Operation operation = switch (request.method().name()) {
            case "POST" -> ConnectionRequest.Operation.SEND;
            case "GET" -> ConnectionRequest.Operation.DESCRIBE;
            case "DELETE" -> ConnectionRequest.Operation.CLOSE;
            default -> null;
        };
        if (operation == null || connectionId.isEmpty() || connectionId.contains("/")) {
            answer(ctx, ConnectionAnswer.notFound());
            return;
        }
        if (operation != ConnectionRequest.Operation.SEND) {
            serve(ctx, new ConnectionRequest(operation, connectionId, namespace, new byte[0]));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && announced(length) > limits.maxMessageBytes()) {
            ctx.response().putHeader("Connection", "close");
            answer(ctx, ConnectionAnswer.tooLarge(limits.maxMessageBytes()));
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        request.handler(body::appendBuffer);
        request.exceptionHandler(e -> request.connection().close());
        request.endHandler(
                end -> serve(ctx, new ConnectionRequest(operation, connectionId, namespace, body.getBytes())));
        request.resume();
    }

    private static long announced(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void serve(RoutingContext ctx, ConnectionRequest request) {
        Optional<String> replica = ConnectionId.replicaOf(request.connectionId());
        if (replica.isEmpty()) {
            answer(ctx, ConnectionAnswer.gone(request.connectionId()));
        } else if (replica.get().equals(local.replica())) {
            answer(ctx, local.serve(request, Instant.now()));
        } else {
            Context context = Vertx.currentContext();
            forwarder.forward(request, replica.get()).thenAccept(a -> context.runOnContext(v -> answer(ctx, a)));
        }
    }

    private static void answer(RoutingContext ctx, ConnectionAnswer answer) {
        HttpServerResponse response = ctx.response().setStatusCode(answer.status());
        response.putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
        answer.errorType().ifPresent(type -> response.putHeader("x-amzn-ErrorType", type));
        if (answer.body().length > 0) {
            response.putHeader("Content-Type", "application/json");
        }
        response.end(Buffer.buffer(answer.body()));
    }
}
