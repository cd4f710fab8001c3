package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Runtime API endpoint and error case, with the test itself as the runtime: the bootstrap only
 * sleeps, and the test calls the host's Runtime API as a Lambda runtime client would.
 */
class RuntimeApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static TestTopology topology;
    private static Messages messages;
    private static FunctionId function;
    private static HostProcess host;
    private static URI api;

    @BeforeAll
    static void startHost() throws Exception {
        topology = new TestTopology("rt-test");
        messages = new Messages(topology.channel());
        function = topology.function("by-hand");
        Path silent = Bootstraps.taskRoot("silent", Bootstraps.SILENT);
        host = new HostProcess(function, "by.hand", silent)
                .provided(silent)
                .env("KFN_INIT_TIMEOUT", "60s")
                .env("KFN_TIMEOUT_MILLIS", 20000)
                .start();
        api = host.runtimeApi();
        // a bootstrap starts only once the API listens; the test, playing the bootstrap, waits for the same
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket(api.getHost(), api.getPort())) {
                return true;
            }
        });
    }

    @AfterAll
    static void stopHost() throws Exception {
        host.close();
        messages.close();
        topology.close();
    }

    private static CompletableFuture<HttpResponse<String>> next() {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(api + "/invocation/next"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, HttpRequest.BodyPublishers.ofString(body), null);
    }

    private static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String errorType)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api + path)).POST(body);
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The runtime's first {@code next} completes init; the host turns ready; then it gets an invocation. */
    private static HttpResponse<String> nextInvocation(String payload, StringBuilder requestId) throws Exception {
        return nextInvocation(payload, requestId, InvocationMessage.Context.NONE);
    }

    private static HttpResponse<String> nextInvocation(
            String payload, StringBuilder requestId, InvocationMessage.Context context) throws Exception {
        CompletableFuture<HttpResponse<String>> next = next();
        host.awaitReady();
        requestId.append(messages.call(function, payload, WAIT, context));
        return next.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void traceAndClientContextTravelAsLambdasHeaders() throws Exception {
        StringBuilder id = new StringBuilder();
        String clientContext = "{\"custom\":{\"tenant\":\"t-1\"}}";
        HttpResponse<String> event = nextInvocation(
                "{}",
                id,
                Messages.context(
                        Optional.of(Base64.getEncoder().encodeToString(clientContext.getBytes(StandardCharsets.UTF_8))),
                        Optional.of("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")));
        assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id"))
                .hasValue("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        assertThat(event.headers().firstValue("Lambda-Runtime-Client-Context")).hasValue(clientContext);
        assertThat(post("/invocation/" + id + "/response", "null").statusCode()).isEqualTo(202);
        messages.reply(id.toString(), WAIT);
    }

    @Test
    void clientContextWithNewlinesAsEchoAndBase64MakeItIsPassedOnAsOneLine() throws Exception {
        // `echo '{...}' | base64`: a newline inside the JSON, and one after the base64
        String echoed = "{\"custom\":{\"tenant\":\"t-2\",\"city\":\"Zürich\"}}\n";
        String base64 = Base64.getMimeEncoder().encodeToString(echoed.getBytes(StandardCharsets.UTF_8)) + "\n";
        StringBuilder id = new StringBuilder();
        HttpResponse<String> event = nextInvocation("{}", id, Messages.context(Optional.of(base64), Optional.empty()));
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.headers().firstValue("Lambda-Runtime-Client-Context"))
                .hasValue("{\"custom\":{\"tenant\":\"t-2\",\"city\":\"Z\\u00FCrich\"}}");
        assertThat(post("/invocation/" + id + "/response", "\"ok\"").statusCode())
                .isEqualTo(202);
        assertThat(Messages.body(messages.reply(id.toString(), WAIT))).isEqualTo("\"ok\"");
    }

    @Test
    void clientContextThatIsNotBase64JsonIsLeftOut() throws Exception {
        StringBuilder id = new StringBuilder();
        HttpResponse<String> event =
                nextInvocation("{}", id, Messages.context(Optional.of("not base64 \r\n at all"), Optional.empty()));
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.headers().firstValue("Lambda-Runtime-Client-Context")).isEmpty();
        assertThat(post("/invocation/" + id + "/response", "\"ok\"").statusCode())
                .isEqualTo(202);
        assertThat(Messages.body(messages.reply(id.toString(), WAIT))).isEqualTo("\"ok\"");
    }

    @Test
    void responsesAreCheckedAgainstTheCurrentRequestId() throws Exception {
        StringBuilder id = new StringBuilder();
        HttpResponse<String> event = nextInvocation("{\"n\":1}", id);
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.body()).isEqualTo("{\"n\":1}");
        assertThat(event.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(id.toString());
        assertThat(Long.parseLong(
                        event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
                .isBetween(System.currentTimeMillis(), System.currentTimeMillis() + 20_000);
        assertThat(event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValueSatisfying(arn -> assertThat(arn).endsWith(":function:by-hand"));
        assertThat(event.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id")).isEmpty();

        HttpResponse<String> wrongId = post("/invocation/not-the-current-one/response", "{}");
        assertThat(wrongId.statusCode()).isEqualTo(400);
        assertThat(wrongId.body()).contains("\"errorType\":\"InvalidRequestID\"");

        HttpResponse<String> accepted = post("/invocation/" + id + "/response", "{\"answer\":42}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo("{\"status\":\"OK\"}");
        assertThat(Messages.body(messages.reply(id.toString(), WAIT))).isEqualTo("{\"answer\":42}");

        HttpResponse<String> second = post("/invocation/" + id + "/response", "{\"answer\":43}");
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("InvalidRequestID");
    }

    @Test
    void responseOverSixMegabytesIsRefusedAndTheCallerGetsResponseSizeTooLarge() throws Exception {
        StringBuilder id = new StringBuilder();
        nextInvocation("{}", id);
        byte[] tooBig = new byte[6_291_556 + 1];
        java.util.Arrays.fill(tooBig, (byte) 'x');
        HttpResponse<String> refused =
                post("/invocation/" + id + "/response", HttpRequest.BodyPublishers.ofByteArray(tooBig), null);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("\"errorType\":\"RequestEntityTooLarge\"");

        GetResponse reply = messages.reply(id.toString(), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(Messages.body(reply)).contains("\"errorType\":\"Function.ResponseSizeTooLarge\"");
    }

    @Test
    void errorPostIsAcceptedAndBecomesTheFunctionError() throws Exception {
        StringBuilder id = new StringBuilder();
        nextInvocation("{}", id);
        HttpResponse<String> accepted = post(
                "/invocation/" + id + "/error",
                HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"bad\",\"errorType\":\"Oops\"}"),
                "Runtime.UserException");
        assertThat(accepted.statusCode()).isEqualTo(202);

        GetResponse reply = messages.reply(id.toString(), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(Messages.body(reply)).isEqualTo("{\"errorMessage\":\"bad\",\"errorType\":\"Oops\"}");

        HttpResponse<String> unknown = post("/invocation/" + id + "/error", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    void initErrorAfterInitIsAnInvalidStateTransition() throws Exception {
        next();
        host.awaitReady();
        HttpResponse<String> late = post("/init/error", "{\"errorMessage\":\"late\",\"errorType\":\"Runtime.Late\"}");
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("\"errorType\":\"InvalidStateTransition\"");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(post("/invocation/next/extra", "").statusCode()).isEqualTo(404);
    }

    /** Lambda's bound holds for an init error too: a runtime posting far more than the host's heap costs it nothing. */
    @Test
    void anInitErrorOverSixMegabytesIsRefusedAndTheCallerGetsAClearInitError() throws Exception {
        FunctionId huge = topology.function("huge-init-error");
        Path silent = Bootstraps.taskRoot("silent", Bootstraps.SILENT);
        try (HostProcess starting =
                new HostProcess(huge, "by.hand", silent).provided(silent).start()) {
            URI runtime = starting.runtimeApi();
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket(runtime.getHost(), runtime.getPort())) {
                    return true;
                }
            });
            long bytes = 256L * 1024 * 1024;
            HttpResponse<String> refused = HTTP.send(
                    HttpRequest.newBuilder(URI.create(runtime + "/init/error"))
                            .header("Lambda-Runtime-Function-Error-Type", "Runtime.Huge")
                            .POST(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                                        private long left = bytes;

                                        @Override
                                        public int read() {
                                            return left-- > 0 ? 'x' : -1;
                                        }

                                        @Override
                                        public int read(byte[] b, int off, int len) {
                                            if (left <= 0) {
                                                return -1;
                                            }
                                            int n = (int) Math.min(len, left);
                                            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                                            left -= n;
                                            return n;
                                        }
                                    }),
                                    bytes))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("\"errorType\":\"RequestEntityTooLarge\"");

            GetResponse reply = messages.reply(messages.call(huge, "{}", WAIT), WAIT);
            assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
            assertThat(Messages.body(reply))
                    .contains("\"errorType\":\"Runtime.Huge\"", "init error was larger than 6291556 bytes");
            assertThat(starting.alive()).isTrue();
        }
    }
}
