package dev.kfn.runtime;

import dev.kfn.runtime.code.CodeFetcher;
import dev.kfn.runtime.code.CodeLimits;
import dev.kfn.runtime.code.FetchingRunner;
import dev.kfn.runtime.config.HostConfig;
import dev.kfn.runtime.invoke.FunctionInstance;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.java.JavaFunction;
import dev.kfn.runtime.provided.ProvidedFunction;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;

/** Builds the runner for {@code KFN_RUNTIME}. */
@ApplicationScoped
public class RunnerFactory {

    private final HostConfig config;
    private final Vertx vertx;

    RunnerFactory(HostConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * {@code sandboxRestarted}: a provided sandbox was reset, so its next invocation starts cold. A {@code code.url}
     * function's runner fetches its code first.
     */
    FunctionRunner create(Runnable replaceInstance, Runnable sandboxRestarted) {
        FunctionRunner runner = runtime(replaceInstance, sandboxRestarted);
        if (config.codeUrl().isEmpty()) {
            return runner;
        }
        return new FetchingRunner(
                new CodeFetcher(CodeLimits.lambda(config.codeReadTimeout(), config.codeFetchTimeout())),
                config.codeUrl().get(),
                config.codeSha256(),
                config.codeAllowHttp(),
                Path.of(config.taskRoot()),
                runner);
    }

    private FunctionRunner runtime(Runnable replaceInstance, Runnable sandboxRestarted) {
        FunctionInstance function = FunctionInstance.of(config);
        Path taskRoot = Path.of(config.taskRoot());
        return switch (config.runtime()) {
            case JAVA ->
                new JavaFunction(
                        config.handler().orElseThrow(() -> new IllegalStateException("KFN_HANDLER is required")),
                        taskRoot,
                        function,
                        config.timeoutMillis(),
                        config.initTimeout(),
                        config.concurrency(),
                        replaceInstance);
            case PROVIDED ->
                new ProvidedFunction(
                        vertx,
                        new ProvidedFunction.Settings(
                                config.bootstrapCommand()
                                        .orElse(List.of(
                                                taskRoot.resolve("bootstrap").toString())),
                                taskRoot,
                                config.handler(),
                                config.runtimeApiPort(),
                                config.concurrency(),
                                config.initTimeout(),
                                config.timeoutMillis()),
                        function,
                        sandboxRestarted);
        };
    }
}
