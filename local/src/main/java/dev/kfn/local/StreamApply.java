package dev.kfn.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.api.Stream;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * Puts a manifest's Stream into the API as GitOps does: the file's spec wins. Nothing else writes a Stream, so a plain
 * read and write suffices (unlike a Function, whose status the operator writes meanwhile).
 */
final class StreamApply {

    private StreamApply() {}

    static void apply(KubernetesClient client, Stream desired) {
        Resource<Stream> resource = client.resources(Stream.class)
                .inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName());
        Stream current = resource.get();
        if (current == null) {
            resource.create(desired);
            return;
        }
        var json = client.getKubernetesSerialization();
        if (!json.convertValue(current.getSpec(), JsonNode.class)
                .equals(json.convertValue(desired.getSpec(), JsonNode.class))) {
            current.setSpec(desired.getSpec());
            client.resource(current).update();
        }
    }

    static void delete(KubernetesClient client, String namespace, String name) {
        client.resources(Stream.class).inNamespace(namespace).withName(name).delete();
    }
}
