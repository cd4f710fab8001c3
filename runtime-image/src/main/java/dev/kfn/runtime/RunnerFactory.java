package dev.kfn.runtime;

import dev.kfn.runtime.config.HostConfig;
import dev.kfn.runtime.invoke.FunctionIdentity;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.java.JavaFunction;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/** Builds the runner for {@code KFN_RUNTIME}. */
@ApplicationScoped
public class RunnerFactory {

    private final HostConfig config;

    RunnerFactory(HostConfig config) {
        this.config = config;
    }

    FunctionRunner create(Runnable replaceInstance) {
        FunctionIdentity function = FunctionIdentity.of(config);
        Path taskRoot = Path.of(config.taskRoot());
        return switch (config.runtime()) {
            case "java" -> new JavaFunction(config.handler().orElseThrow(() -> new IllegalStateException("KFN_HANDLER is required")),
                taskRoot, function, config.timeoutMillis(), config.interruptGrace(), config.concurrency(), replaceInstance);
            default -> throw new IllegalStateException("Unknown runtime " + config.runtime());
        };
    }
}
