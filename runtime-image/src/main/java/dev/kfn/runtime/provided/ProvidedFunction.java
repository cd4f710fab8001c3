package dev.kfn.runtime.provided;

import dev.kfn.contract.FunctionVersion;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.FunctionInstance;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.invoke.Invocation;
import dev.kfn.runtime.invoke.Outcome;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code provided} function: any language behind the Lambda Runtime API. One sandbox per slot, each
 * with its own bootstrap process and its own Runtime API port ({@code port + slot}, or any free port
 * when the first port is 0), so that every process talks to exactly one conversation, as in Lambda,
 * and a reset touches one sandbox only.
 */
public final class ProvidedFunction implements FunctionRunner {

    /** What {@link #of} needs from the host's configuration. */
    public record Settings(
            List<String> command,
            Path taskRoot,
            Optional<String> handler,
            int firstPort,
            int concurrency,
            Duration initTimeout,
            long timeoutMillis) {}

    private final List<Sandbox> sandboxes = new ArrayList<>();
    private final List<RuntimeApiServer> servers = new ArrayList<>();
    private final Vertx vertx;
    private final Settings settings;
    private final FunctionInstance function;
    private boolean listening;

    public ProvidedFunction(Vertx vertx, Settings settings, FunctionInstance function, Runnable sandboxRestarted) {
        this.vertx = vertx;
        this.settings = settings;
        this.function = function;
        for (int slot = 0; slot < settings.concurrency(); slot++) {
            Sandbox sandbox = new Sandbox(
                    slot,
                    settings.command(),
                    settings.taskRoot(),
                    environment(slot),
                    settings.initTimeout(),
                    settings.timeoutMillis(),
                    sandboxRestarted);
            sandboxes.add(sandbox);
            servers.add(new RuntimeApiServer(sandbox, function));
        }
    }

    /** Lambda's environment for a runtime; user variables and the pod's own pass through, kfn's do not. */
    private Map<String, String> environment(int slot) {
        Map<String, String> env = new HashMap<>();
        settings.handler().ifPresent(h -> env.put(HostEnvironment.LAMBDA_HANDLER, h));
        env.put(HostEnvironment.LAMBDA_TASK_ROOT, settings.taskRoot().toString());
        env.put(HostEnvironment.LAMBDA_FUNCTION_NAME, function.name());
        env.put(HostEnvironment.LAMBDA_FUNCTION_MEMORY_SIZE, Integer.toString(function.memoryMib()));
        env.put(HostEnvironment.LAMBDA_FUNCTION_VERSION, FunctionVersion.LATEST);
        env.put(HostEnvironment.LAMBDA_LOG_GROUP_NAME, function.logGroup());
        env.put(HostEnvironment.LAMBDA_LOG_STREAM_NAME, function.logStream() + "/" + slot);
        env.put(HostEnvironment.AWS_REGION, function.region());
        env.put(HostEnvironment.TZ, System.getenv().getOrDefault(HostEnvironment.TZ, ":UTC"));
        return env;
    }

    @Override
    public Optional<ErrorBody> init() {
        try {
            listen();
        } catch (Exception e) {
            return Optional.of(ErrorBody.of(e));
        }
        // bootstraps start together: N sandboxes initialise in the time of one
        List<Thread> starting = new ArrayList<>();
        List<Optional<Outcome>> results = java.util.Collections.synchronizedList(new ArrayList<>(
                sandboxes.stream().map(s -> Optional.<Outcome>empty()).toList()));
        for (int i = 0; i < sandboxes.size(); i++) {
            int slot = i;
            Thread thread =
                    new Thread(() -> results.set(slot, sandboxes.get(slot).init()), "kfn-sandbox-init-" + i);
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(ErrorBody.of(e));
            }
        }
        return results.stream()
                .flatMap(Optional::stream)
                .findFirst()
                .map(failure -> new ErrorBody(failure.errorType(), failure.payloadText(), List.of()));
    }

    private synchronized void listen() throws Exception {
        if (listening) {
            return;
        }
        for (int slot = 0; slot < servers.size(); slot++) {
            int port = servers.get(slot).listen(vertx, settings.firstPort() == 0 ? 0 : settings.firstPort() + slot);
            sandboxes.get(slot).runtimeApi("127.0.0.1:" + port);
        }
        listening = true;
    }

    @Override
    public boolean initialised() {
        return sandboxes.stream().allMatch(Sandbox::initialised);
    }

    @Override
    public Outcome invoke(Invocation invocation, int slot, long deadlineMillis) {
        // an init that failed before it listened (a code.url that could not be fetched) leaves it to the invocation
        try {
            listen();
        } catch (Exception e) {
            return Outcome.error(ErrorBody.of(e));
        }
        return sandboxes.get(slot).invoke(invocation, deadlineMillis);
    }

    @Override
    public void close() {
        sandboxes.forEach(Sandbox::kill);
        servers.forEach(RuntimeApiServer::close);
    }
}
