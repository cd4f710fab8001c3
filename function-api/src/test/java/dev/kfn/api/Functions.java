package dev.kfn.api;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Valid functions for tests to start from and break one field at a time. */
final class Functions {

    private Functions() {}

    static Function java(String name) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("default")
                .withGeneration(1L)
                .build());
        FunctionSpec spec = new FunctionSpec();
        Code code = new Code();
        code.setUrl("file:/opt/functions/hello.jar");
        spec.setCode(code);
        spec.setRuntime("java");
        spec.setHandler("example.Hello::handleRequest");
        fn.setSpec(spec);
        return fn;
    }
}
