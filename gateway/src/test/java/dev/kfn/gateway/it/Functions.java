package dev.kfn.gateway.it;

import static org.awaitility.Awaitility.await;

import dev.kfn.api.Code;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.QueueNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Function resources in the mock API server, as a user and the operator would leave them. */
public final class Functions {

    private final KubernetesClient client;

    public Functions(KubernetesClient client) {
        this.client = client;
    }

    public Function create(QueueNames names, String handler, String timeout, Map<String, String> annotations) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder().withNamespace(names.namespace()).withName(names.function())
            .withAnnotations(annotations).build());
        FunctionSpec spec = new FunctionSpec();
        Code code = new Code();
        code.setUrl("file:/opt/functions/test.jar");
        spec.setCode(code);
        spec.setRuntime("java");
        spec.setHandler(handler);
        spec.setTimeout(timeout);
        fn.setSpec(spec);
        return client.resources(Function.class).inNamespace(names.namespace()).resource(fn).create();
    }

    public Function create(QueueNames names, String handler) {
        return create(names, handler, "3s", Map.of());
    }

    /** What the operator writes for a spec that can never run. */
    public void markInvalid(QueueNames names, String problem) {
        Function fn = client.resources(Function.class).inNamespace(names.namespace()).withName(names.function()).get();
        fn.setStatus(new FunctionStatus().markInvalidSpec(List.of(problem)));
        client.resources(Function.class).inNamespace(names.namespace()).resource(fn).updateStatus();
    }

    public void deleteAll(String namespace) {
        client.resources(Function.class).inNamespace(namespace).delete();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> client.resources(Function.class).inNamespace(namespace).list().getItems().isEmpty());
    }
}
