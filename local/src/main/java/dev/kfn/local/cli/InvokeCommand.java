package dev.kfn.local.cli;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvokePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kfn invoke <fn>}: one call through the gateway, its answer on stdout, a function error on stderr. */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = "Invoke a function through the gateway and print its answer.")
final class InvokeCommand implements Callable<Integer> {

    // Lambda's own header names, which the gateway speaks
    private static final String INVOCATION_TYPE = "X-Amz-Invocation-Type";
    private static final String FUNCTION_ERROR = "X-Amz-Function-Error";
    private static final String REQUEST_ID = "X-Amzn-RequestId";
    private static final String LOG_TYPE = "X-Amz-Log-Type";
    private static final String LOG_RESULT = "X-Amz-Log-Result";

    @Spec
    CommandSpec spec;

    @Mixin
    Targets targets;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "the function to invoke")
    String function;

    @Parameters(index = "1", arity = "0..1", paramLabel = "-", description = "read the payload from standard input")
    String stdin;

    @ArgGroup(exclusive = true)
    Payload payload;

    static final class Payload {
        @Option(
                names = {"-d", "--data"},
                paramLabel = "DATA",
                description = "the payload (default: {})")
        String data;

        @Option(
                names = {"-f", "--file"},
                paramLabel = "FILE",
                description = "the payload, read from a file")
        Path file;
    }

    @Option(names = "--async", description = "queue the call as an event (202) instead of waiting for the answer")
    boolean async;

    @Option(
            names = "--tail",
            description = "also print the call's own log (its last 4 KB, START to REPORT) to standard error, as"
                    + " Lambda's --log-type Tail")
    boolean tail;

    @Override
    public Integer call() throws IOException, InterruptedException {
        byte[] body = payload();
        FunctionId target = new FunctionId(namespace(), function);
        // the log tail is Lambda's Invoke API's; the short route takes any bytes and nothing else
        String url = targets.gatewayUrl()
                + (tail
                        ? "/2015-03-31/functions/" + URLEncoder.encode(target.toString(), StandardCharsets.UTF_8)
                                + "/invocations"
                        : InvokePath.of(target));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header(INVOCATION_TYPE, async ? "Event" : "RequestResponse")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tail) {
            builder.header(LOG_TYPE, "Tail");
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliException("no gateway answers at " + targets.gatewayUrl()
                    + "; start kfn local (./kfn local), or pass --gateway URL");
        }
        return answer(response);
    }

    private int answer(HttpResponse<String> response) {
        var out = spec.commandLine().getOut();
        if (response.statusCode() == 202) {
            out.println("queued " + function + " (request "
                    + response.headers().firstValue(REQUEST_ID).orElse("?") + ")");
            return 0;
        }
        if (response.statusCode() / 100 != 2) {
            throw new CliException(function + ": the gateway answered " + response.statusCode() + ": "
                    + LambdaErrorMessage.of(response.body())
                    + (response.statusCode() == 404 ? "\nkfn list shows the functions there are" : ""));
        }
        out.println(response.body());
        response.headers().firstValue(LOG_RESULT).ifPresent(log -> {
            var err = spec.commandLine().getErr();
            err.print(new String(Base64.getDecoder().decode(log), StandardCharsets.UTF_8));
            err.flush();
        });
        if (response.headers().firstValue(FUNCTION_ERROR).isPresent()) {
            spec.commandLine()
                    .getErr()
                    .println("kfn: " + function + " failed ("
                            + response.headers().firstValue(FUNCTION_ERROR).get() + "); kfn logs " + function
                            + " shows why");
            return 1;
        }
        return 0;
    }

    private byte[] payload() throws IOException {
        if (stdin != null && !stdin.equals("-")) {
            throw new CliException(
                    "unexpected " + stdin + ": the payload comes from -d DATA, -f FILE or - (standard input)", 2);
        }
        if (stdin != null && payload != null) {
            throw new CliException("give the payload once: -d DATA, -f FILE or - (standard input)", 2);
        }
        if (stdin != null) {
            try (InputStream in = System.in) {
                return in.readAllBytes();
            }
        }
        if (payload != null && payload.file != null) {
            try {
                return Files.readAllBytes(payload.file);
            } catch (NoSuchFileException e) {
                throw new CliException(payload.file + ": no such file", 2);
            }
        }
        return (payload != null ? payload.data : "{}").getBytes(StandardCharsets.UTF_8);
    }

    private String namespace() {
        return targets.namespace != null ? targets.namespace : "default";
    }
}
