package dev.kfn.gateway;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.InvokePath;
import dev.kfn.gateway.auth.Credentials;
import dev.kfn.gateway.broker.BrokerUnavailableException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Lambda's Invoke API, and a short route for curl. A call with a small payload is published on the event loop that
 * read it ({@link #publishesOnTheEventLoop}); a large one is validated and published on a worker thread, as its socket
 * write may wait for the broker to read. The wait for a reply holds no thread at all: the response completes when the
 * reply arrives, so thousands of callers can wait at once.
 */
@Path("/")
public class InvokeResource {

    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
    public static final String FUNCTION_ERROR_HEADER = "X-Amz-Function-Error";
    public static final String EXECUTED_VERSION_HEADER = "X-Amz-Executed-Version";
    public static final String LOG_RESULT_HEADER = "X-Amz-Log-Result";

    /**
     * Up to this many payload bytes a call is published on the event loop: its frames fit the socket's send buffer
     * many times over, so the write does not wait for the broker, and the hand-off to a worker and back it saves was
     * a visible part of a warm call's latency. A broker that blocks publishers refuses calls before any write.
     */
    static final int EVENT_LOOP_PUBLISH_MAX_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(InvokeResource.class);

    private final CallAdmission admission;
    private final Invoker invoker;
    private final InvocationMetrics metrics;

    public InvokeResource(CallAdmission admission, Invoker invoker, InvocationMetrics metrics) {
        this.admission = admission;
        this.invoker = invoker;
        this.metrics = metrics;
    }

    /** One call as it came in over HTTP; {@code jsonPayload}: Lambda's Invoke API, whose payload must be JSON. */
    record Call(
            boolean jsonPayload,
            String functionName,
            Optional<String> qualifier,
            String invocationType,
            String logType,
            String clientContext,
            String contentType,
            String traceparent,
            Credentials credentials,
            byte[] payload) {}

    @POST
    @Path("2015-03-31/functions/{functionName}/invocations")
    public CompletionStage<Response> invoke(
            @PathParam("functionName") String functionName,
            @QueryParam("Qualifier") String qualifier,
            @HeaderParam("X-Amz-Invocation-Type") String invocationType,
            @HeaderParam("X-Amz-Log-Type") String logType,
            @HeaderParam("X-Amz-Client-Context") String clientContext,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam("traceparent") String traceparent,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] payload) {
        return handle(new Call(
                true,
                functionName,
                Optional.ofNullable(qualifier),
                invocationType,
                logType,
                clientContext,
                contentType,
                traceparent,
                Credentials.of(apiKey, authorization),
                payload));
    }

    /** For people with curl: {@code POST /functions/<namespace>/<name>} with the payload; synchronous unless the header says otherwise. */
    @POST
    @Path(InvokePath.TEMPLATE)
    public CompletionStage<Response> invokeShort(
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @HeaderParam("X-Amz-Invocation-Type") String invocationType,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam("traceparent") String traceparent,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            byte[] payload) {
        // FunctionName's namespace/name form, so both routes read the name one way
        return handle(new Call(
                false,
                new FunctionId(namespace, name).toString(),
                Optional.empty(),
                invocationType,
                null,
                null,
                contentType,
                traceparent,
                Credentials.of(apiKey, authorization),
                payload));
    }

    private CompletionStage<Response> handle(Call call) {
        long started = System.nanoTime();
        metrics.started();
        InvocationType type;
        try {
            type = InvocationType.parse(call.invocationType());
        } catch (RuntimeException e) {
            return finish(null, null, CompletableFuture.failedFuture(e), started);
        }
        FunctionAdmission.Admitted fn;
        try {
            fn = admit(call, type);
        } catch (RuntimeException e) {
            return finish(null, type, CompletableFuture.failedFuture(e), started);
        }
        CompletableFuture<Response> response;
        if (publishesOnTheEventLoop(call.payload())) {
            response = dispatchCatching(call, type, fn);
        } else {
            response = CompletableFuture.supplyAsync(
                            () -> dispatchCatching(call, type, fn), Infrastructure.getDefaultWorkerPool())
                    .thenCompose(dispatched -> dispatched);
        }
        return finish(fn.function(), type, response, started);
    }

    static boolean publishesOnTheEventLoop(byte[] payload) {
        return payload == null || payload.length <= EVENT_LOOP_PUBLISH_MAX_BYTES;
    }

    private CompletableFuture<Response> dispatchCatching(
            Call call, InvocationType type, FunctionAdmission.Admitted fn) {
        try {
            return dispatch(call, type, fn);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Turns a failure into Lambda's error response and counts the request under its function (if admitted), type and status. */
    private CompletionStage<Response> finish(
            FunctionId admitted, InvocationType type, CompletableFuture<Response> response, long started) {
        return response.handle((ok, failure) -> {
            Response answer = failure == null ? ok : LambdaErrorResponse.of(errorOf(failure));
            metrics.finished(admitted, type, answer.getStatus(), Duration.ofNanos(System.nanoTime() - started));
            return answer;
        });
    }

    private FunctionAdmission.Admitted admit(Call call, InvocationType type) {
        FunctionAdmission.Admitted fn =
                admission.admit(call.functionName(), call.qualifier(), call.logType(), call.credentials());
        type.requireWithinLimit(call.payload() == null ? 0 : call.payload().length);
        return fn;
    }

    private CompletableFuture<Response> dispatch(Call call, InvocationType type, FunctionAdmission.Admitted fn) {
        byte[] payload = call.payload() == null ? new byte[0] : call.payload();
        if (call.jsonPayload()) {
            JsonPayload.require(payload);
        }
        InvocationMessage.Context context = new InvocationMessage.Context(
                ContentType.validated(call.contentType()),
                ClientContext.validated(call.clientContext()),
                Optional.ofNullable(call.traceparent()),
                InvocationMessage.TAIL.equals(call.logType()));
        return switch (type) {
            case DRY_RUN ->
                CompletableFuture.completedFuture(Response.noContent()
                        .header(REQUEST_ID_HEADER, UUID.randomUUID().toString())
                        .build());
            case EVENT ->
                invoker.enqueue(fn, payload, context)
                        .thenApply(requestId -> Response.accepted()
                                .header(REQUEST_ID_HEADER, requestId)
                                .build());
            case REQUEST_RESPONSE ->
                invoker.invoke(fn, payload, context).thenApply(result -> {
                    Response.ResponseBuilder ok = Response.ok(result.reply().body(), MediaType.APPLICATION_JSON_TYPE)
                            .header(REQUEST_ID_HEADER, result.requestId())
                            .header(
                                    EXECUTED_VERSION_HEADER,
                                    result.reply().message().executedVersion());
                    result.reply()
                            .message()
                            .functionError()
                            .ifPresent(error -> ok.header(FUNCTION_ERROR_HEADER, error));
                    result.reply().message().logResult().ifPresent(tail -> ok.header(LOG_RESULT_HEADER, tail));
                    return ok.build();
                });
        };
    }

    private static LambdaError errorOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvokeException invoke) {
            return invoke.error();
        }
        if (cause instanceof BrokerUnavailableException unavailable) {
            return LambdaError.serviceUnavailable("The broker is unavailable (" + unavailable.getMessage()
                    + "); the function may or may not have run");
        }
        LOG.error("Invocation failed unexpectedly", cause);
        return new LambdaError(
                500,
                LambdaError.SERVICE,
                "Internal error: " + cause.getClass().getSimpleName(),
                Optional.empty(),
                Optional.empty());
    }
}
