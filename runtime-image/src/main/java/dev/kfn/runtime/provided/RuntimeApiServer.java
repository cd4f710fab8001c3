package dev.kfn.runtime.provided;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.runtime.invoke.ClientContextJson;
import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.FunctionInstance;
import dev.kfn.runtime.invoke.InvocationProcessor;
import dev.kfn.runtime.invoke.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (2018-06-01) of one sandbox, on 127.0.0.1 only: {@code next},
 * {@code response}, {@code error} and {@code init/error} with the status codes and error names of
 * AWS's runtime interface emulator.
 */
final class RuntimeApiServer {

    private static final String BASE = "/2018-06-01/runtime";
    private static final Pattern INVOCATION = Pattern.compile("^" + BASE + "/invocation/([^/]+)/(response|error)$");
    private static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final FunctionInstance function;
    private HttpServer server;

    RuntimeApiServer(Sandbox sandbox, FunctionInstance function) {
        this.sandbox = sandbox;
        this.function = function;
    }

    /**
     * Listens before the bootstrap starts (runtime clients give up after a one-second connect timeout);
     * returns the port, which the system picks when {@code port} is 0.
     */
    int listen(Vertx vertx, int port) throws InterruptedException, ExecutionException {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get()
                .actualPort();
    }

    void close() {
        if (server != null) {
            server.close();
        }
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.equals(BASE + "/invocation/next")) {
            next(request);
            return;
        }
        if (request.method() == HttpMethod.POST && path.equals(BASE + "/init/error")) {
            bounded(
                    request,
                    body -> reply(request.response(), sandbox.initError(error(request, body, "Runtime.Unknown"))),
                    () -> {
                        Sandbox.Reply taken = sandbox.initError(Outcome.error(new ErrorBody(
                                Optional.ofNullable(request.getHeader(ERROR_TYPE_HEADER))
                                        .orElse("Runtime.Unknown"),
                                "The runtime's init error was larger than " + InvocationProcessor.MAX_RESPONSE_BYTES
                                        + " bytes",
                                List.of())));
                        reply(request.response(), taken.status() == 202 ? tooLarge() : taken);
                    });
            return;
        }
        Matcher invocation = INVOCATION.matcher(path);
        if (request.method() == HttpMethod.POST && invocation.matches()) {
            String requestId = invocation.group(1);
            boolean success = invocation.group(2).equals("response");
            collect(request, success, requestId);
            return;
        }
        reply(
                request.response(),
                new Sandbox.Reply(404, "NotFound", "No such Runtime API path: " + request.method() + " " + path));
    }

    private void collect(HttpServerRequest request, boolean success, String requestId) {
        bounded(
                request,
                body -> reply(
                        request.response(),
                        sandbox.respond(
                                requestId, success ? Outcome.success(body) : error(request, body, "Runtime.Unknown"))),
                () -> reply(request.response(), sandbox.tooLarge(requestId, InvocationProcessor.MAX_RESPONSE_BYTES)));
    }

    /**
     * Reads a body of at most Lambda's 6 MB, whatever the runtime sends: what comes beyond is dropped as it arrives,
     * so a runtime posting a gigabyte costs no memory, and {@code tooLarge} answers once it has all been read.
     */
    private static void bounded(HttpServerRequest request, Consumer<byte[]> then, Runnable tooLarge) {
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0] || body.length() + chunk.length() > InvocationProcessor.MAX_RESPONSE_BYTES) {
                over[0] = true;
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (over[0]) {
                tooLarge.run();
            } else {
                then.accept(body.getBytes());
            }
        });
    }

    private static Sandbox.Reply tooLarge() {
        return new Sandbox.Reply(
                413,
                "RequestEntityTooLarge",
                "Exceeded maximum allowed payload size (" + InvocationProcessor.MAX_RESPONSE_BYTES + " bytes).");
    }

    private void next(HttpServerRequest request) {
        Sandbox.Waiting waiting = assigned -> {
            InvocationMessage message = assigned.invocation().message();
            HttpServerResponse response = request.response();
            try {
                response.putHeader("Lambda-Runtime-Aws-Request-Id", assigned.requestId())
                        .putHeader("Lambda-Runtime-Deadline-Ms", Long.toString(assigned.deadlineMillis()))
                        .putHeader(
                                "Lambda-Runtime-Invoked-Function-Arn",
                                function.arn().toString())
                        .putHeader("Content-Type", message.contentType());
                message.traceparent()
                        .flatMap(TraceHeader::fromTraceparent)
                        .ifPresent(trace -> response.putHeader("Lambda-Runtime-Trace-Id", trace));
                message.clientContext()
                        .flatMap(ClientContextJson::oneLine)
                        .ifPresent(context -> response.putHeader("Lambda-Runtime-Client-Context", context));
            } catch (IllegalArgumentException e) {
                // a value no HTTP header can carry: fail this invocation, and tell the runtime to start over (500)
                assigned.result()
                        .complete(Outcome.error(new ErrorBody(
                                "Runtime.InvalidInvocation",
                                "The invocation cannot be passed to the runtime: " + e.getMessage(),
                                List.of())));
                response.headers().clear();
                reply(response, new Sandbox.Reply(500, "ServiceException", "Invalid invocation"));
                return;
            }
            response.end(Buffer.buffer(assigned.invocation().payload()));
        };
        request.connection().closeHandler(closed -> sandbox.abandoned(waiting));
        sandbox.next(waiting);
    }

    private static Outcome error(HttpServerRequest request, byte[] body, String defaultType) {
        String type = request.getHeader(ERROR_TYPE_HEADER);
        try {
            JsonNode json = body.length == 0 ? null : JSON.readTree(body);
            if (json != null && json.isObject()) {
                String errorType = json.path("errorType").asText(type != null ? type : defaultType);
                return Outcome.error(errorType, body);
            }
        } catch (IOException e) {
            // not JSON: wrap the text below
        }
        return Outcome.error(
                new ErrorBody(type != null ? type : defaultType, new String(body, StandardCharsets.UTF_8), List.of()));
    }

    private static void reply(HttpServerResponse response, Sandbox.Reply reply) {
        if (reply.status() == 202) {
            response.setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"OK\"}");
            return;
        }
        String body = JSON.createObjectNode()
                .put("errorMessage", reply.message())
                .put("errorType", reply.errorType())
                .toString();
        response.setStatusCode(reply.status())
                .putHeader("Content-Type", "application/json")
                .end(body);
    }
}
