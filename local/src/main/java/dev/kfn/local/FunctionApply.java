package dev.kfn.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.api.Function;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * Puts a manifest's Function into the API as GitOps does: the file's spec, labels and annotations win, while status
 * and finalizers (the operator's) stay. Each write carries the resourceVersion just read, so a concurrent writer —
 * the operator updating status — makes it fail with 409 instead of being overwritten, and it is read and tried again.
 */
final class FunctionApply {

    private static final int ATTEMPTS = 10;

    private FunctionApply() {}

    static Function apply(KubernetesClient client, Function desired) {
        Resource<Function> resource = client.resources(Function.class)
                .inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName());
        for (int attempt = 1; ; attempt++) {
            try {
                Function current = resource.get();
                if (current == null) {
                    return resource.create(desired);
                }
                if (sameIntent(client, current, desired)) {
                    return current;
                }
                current.setSpec(desired.getSpec());
                current.getMetadata().setLabels(desired.getMetadata().getLabels());
                current.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
                return client.resource(current).update();
            } catch (KubernetesClientException e) {
                // 409: status written since the read, or created since the read; either way read again
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static boolean sameIntent(KubernetesClient client, Function current, Function desired) {
        var json = client.getKubernetesSerialization();
        return json.convertValue(current.getSpec(), JsonNode.class)
                        .equals(json.convertValue(desired.getSpec(), JsonNode.class))
                && Objects.equals(
                        emptyToNull(current.getMetadata().getLabels()),
                        emptyToNull(desired.getMetadata().getLabels()))
                && Objects.equals(
                        emptyToNull(current.getMetadata().getAnnotations()),
                        emptyToNull(desired.getMetadata().getAnnotations()));
    }

    private static <T extends java.util.Map<?, ?>> T emptyToNull(T map) {
        return map == null || map.isEmpty() ? null : map;
    }
}
