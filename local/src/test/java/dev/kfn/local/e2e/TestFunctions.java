package dev.kfn.local.e2e;

import dev.kfn.api.Code;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** Creates a function running one of the test handlers in the default namespace, and waits until it is Ready. */
final class TestFunctions {

    private TestFunctions() {
    }

    static void create(KubernetesClient client, Path handlers, String name, String handler, Consumer<FunctionSpec> change) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        FunctionSpec spec = new FunctionSpec();
        Code code = new Code();
        code.setUrl(handlers.toUri().toString());
        spec.setCode(code);
        spec.setRuntime("java");
        spec.setHandler(handler);
        change.accept(spec);
        fn.setSpec(spec);
        client.resources(Function.class).inNamespace("default").resource(fn).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Function current = client.resources(Function.class).inNamespace("default").withName(name).get();
            return current.getStatus() != null && current.getStatus().isReady();
        });
    }
}
