package dev.kfn.testsupport;

import static org.awaitility.Awaitility.await;

import dev.kfn.api.Code;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.Runtime;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one Function fixture: a valid java function, changed as a test needs. Every module's tests start from it,
 * so a new required field is added in one place.
 */
public final class TestFunctions {

    public static final String HANDLER = "example.Hello::handleRequest";
    public static final String CODE_URL = "file:/opt/functions/hello.jar";

    private TestFunctions() {}

    /** A valid java function at generation 1. */
    public static Function java(FunctionId id) {
        return java(id, spec -> {});
    }

    public static Function java(FunctionId id, Consumer<FunctionSpec> change) {
        return java(id, Map.of(), change);
    }

    public static Function java(FunctionId id, Map<String, String> annotations, Consumer<FunctionSpec> change) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withNamespace(id.namespace())
                .withName(id.name())
                .withGeneration(1L)
                .withAnnotations(annotations)
                .build());
        FunctionSpec spec = new FunctionSpec();
        Code code = new Code();
        code.setUrl(CODE_URL);
        spec.setCode(code);
        spec.setRuntime(Runtime.JAVA.value());
        spec.setHandler(HANDLER);
        change.accept(spec);
        fn.setSpec(spec);
        return fn;
    }

    /** Creates the function in the API server. */
    public static Function create(KubernetesClient client, Function fn) {
        fn.getMetadata().setGeneration(null);
        return client.resources(Function.class)
                .inNamespace(fn.getMetadata().getNamespace())
                .resource(fn)
                .create();
    }

    /** Waits until the operator reports the function Ready. */
    public static Function awaitReady(KubernetesClient client, FunctionId id, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
            Function current = client.resources(Function.class)
                    .inNamespace(id.namespace())
                    .withName(id.name())
                    .get();
            return current != null
                    && current.getStatus() != null
                    && current.getStatus().isReady();
        });
        return client.resources(Function.class)
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    /** Deletes every Function of a namespace and waits until the API server has let go of them (finalizers run). */
    public static void deleteAll(KubernetesClient client, String namespace, Duration within) {
        client.resources(Function.class).inNamespace(namespace).delete();
        await().atMost(within)
                .until(() -> client.resources(Function.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
    }
}
