package dev.kfn.operator.clusterevent;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The kind a watch names, resolved against the API server: kinds built into the client directly, any other
 * (custom resources) through the API server's discovery, which is also how a kind that does not exist is told.
 */
record WatchedKind(WatchKey key, ResourceDefinitionContext context) {

    /** @throws IllegalArgumentException when the API server serves no such kind */
    static WatchedKind resolve(KubernetesClient client, WatchKey key) {
        Class<? extends KubernetesResource> builtIn =
                client.getKubernetesSerialization().getRegisteredKubernetesResource(key.apiVersion(), key.kind());
        if (builtIn != null && HasMetadata.class.isAssignableFrom(builtIn)) {
            @SuppressWarnings("unchecked")
            Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) builtIn;
            return new WatchedKind(key, ResourceDefinitionContext.fromResourceType(type));
        }
        APIResourceList discovered = client.getApiResources(key.apiVersion());
        APIResource resource = discovered == null
                ? null
                : discovered.getResources().stream()
                        .filter(r ->
                                key.kind().equals(r.getKind()) && !r.getName().contains("/"))
                        .findFirst()
                        .orElse(null);
        if (resource == null) {
            throw new IllegalArgumentException(
                    "the API server serves no kind " + key.kind() + " in " + key.apiVersion());
        }
        String version = key.apiVersion().substring(key.apiVersion().indexOf('/') + 1);
        return new WatchedKind(
                key,
                new ResourceDefinitionContext.Builder()
                        .withGroup(key.group())
                        .withVersion(version)
                        .withKind(key.kind())
                        .withPlural(resource.getName())
                        .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
                        .build());
    }

    /** The objects the watch covers: of the key's namespace, or of the cluster for a cluster-scoped kind. */
    FilterWatchListDeletable<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            objects(KubernetesClient client) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                all = client.genericKubernetesResources(context);
        return context.isNamespaceScoped() ? all.inNamespace(key.namespace()) : all;
    }

    String plural() {
        return context.getPlural();
    }

    /** The object's API path, which names it in the event's resources. */
    String path(HasMetadata object) {
        String base = key.group().isEmpty()
                ? "/api/" + context.getVersion()
                : "/apis/" + context.getGroup() + "/" + context.getVersion();
        String namespace = context.isNamespaceScoped()
                ? "/namespaces/" + object.getMetadata().getNamespace()
                : "";
        return base + namespace + "/" + context.getPlural() + "/"
                + object.getMetadata().getName();
    }

    /** The rule of the chart's {@code clusterEvents.watch} that lets the operator watch this kind. */
    String rule() {
        return "{apiGroups: [\"" + key.group() + "\"], resources: [" + context.getPlural() + "]}";
    }
}
