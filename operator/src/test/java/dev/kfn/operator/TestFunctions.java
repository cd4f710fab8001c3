package dev.kfn.operator;

import dev.kfn.api.Code;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.function.Consumer;

/** Functions and settings for tests to start from. */
final class TestFunctions {

    static final PodSettings SETTINGS = new PodSettings("ghcr.io/kfn-dev/runtime-host:test", 1769, 6000, 1000, 96,
        Duration.ofSeconds(10), "us-east-1", "rabbitmq.kfn-system.svc", 5672, "/", "kfn-broker");

    private TestFunctions() {
    }

    static Function java(String namespace, String name) {
        Function fn = java(name, spec -> { });
        fn.getMetadata().setNamespace(namespace);
        return fn;
    }

    /** A valid java function, changed as a test needs; no namespace, so the client's decides. */
    static Function java(String name, Consumer<FunctionSpec> change) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder().withName(name).build());
        FunctionSpec spec = new FunctionSpec();
        Code code = new Code();
        code.setUrl("file:/opt/functions/hello.jar");
        spec.setCode(code);
        spec.setRuntime("java");
        spec.setHandler("example.Hello::handleRequest");
        change.accept(spec);
        fn.setSpec(spec);
        return fn;
    }
}
