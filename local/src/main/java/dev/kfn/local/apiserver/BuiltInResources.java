package dev.kfn.local.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;

/**
 * The built-in kinds kfn and its chart write, served with the names Fabric8's model gives them and the short
 * names, categories and subresources a real API server gives them (which the model does not carry).
 */
final class BuiltInResources {

    private record Kind(
            Class<? extends HasMetadata> type,
            List<String> shortNames,
            List<String> categories,
            List<String> subresources) {

        ServedResource served() {
            return new ServedResource(
                    HasMetadata.getGroup(type),
                    HasMetadata.getVersion(type),
                    HasMetadata.getKind(type),
                    HasMetadata.getPlural(type),
                    HasMetadata.getSingular(type),
                    Namespaced.class.isAssignableFrom(type),
                    shortNames,
                    categories,
                    subresources,
                    List.of(),
                    null);
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(Namespace.class, List.of("ns"), List.of(), List.of("status")),
            new Kind(Pod.class, List.of("po"), List.of("all"), List.of("status")),
            new Kind(Secret.class, List.of(), List.of(), List.of()),
            new Kind(ConfigMap.class, List.of("cm"), List.of(), List.of()),
            new Kind(Service.class, List.of("svc"), List.of("all"), List.of("status")),
            new Kind(ServiceAccount.class, List.of("sa"), List.of(), List.of()),
            new Kind(Event.class, List.of("ev"), List.of(), List.of()),
            new Kind(Deployment.class, List.of("deploy"), List.of("all"), List.of("status")),
            new Kind(NetworkPolicy.class, List.of("netpol"), List.of(), List.of()),
            new Kind(Lease.class, List.of(), List.of(), List.of()),
            // "ev" stays with the core group's events, as kubectl resolves it first
            new Kind(io.fabric8.kubernetes.api.model.events.v1.Event.class, List.of(), List.of(), List.of()),
            new Kind(Role.class, List.of(), List.of(), List.of()),
            new Kind(RoleBinding.class, List.of(), List.of(), List.of()),
            new Kind(ClusterRole.class, List.of(), List.of(), List.of()),
            new Kind(ClusterRoleBinding.class, List.of(), List.of(), List.of()),
            new Kind(CustomResourceDefinition.class, List.of("crd", "crds"), List.of(), List.of("status")));

    private BuiltInResources() {}

    static List<ServedResource> all() {
        return KINDS.stream().map(Kind::served).toList();
    }
}
