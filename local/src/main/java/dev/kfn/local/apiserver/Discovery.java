package dev.kfn.local.apiserver;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy (unaggregated) discovery documents, built from the catalog: {@code /api}, {@code /apis}, a group, and
 * each group version's resource list. kubectl asks for aggregated discovery first and falls back to these when the
 * answer is plain {@code application/json}.
 */
final class Discovery {

    private final ApiCatalog catalog;

    Discovery(ApiCatalog catalog) {
        this.catalog = catalog;
    }

    APIVersions coreVersions(String serverAddress) {
        return new APIVersionsBuilder()
                .withVersions(catalog.resources().stream()
                        .filter(ServedResource::isCore)
                        .map(ServedResource::version)
                        .distinct()
                        .toList())
                .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder()
                        .withClientCIDR("0.0.0.0/0")
                        .withServerAddress(serverAddress)
                        .build())
                .build();
    }

    APIGroupList groups() {
        return new APIGroupListBuilder()
                .withGroups(groupsByName().values().stream().toList())
                .build();
    }

    Optional<APIGroup> group(String name) {
        return Optional.ofNullable(groupsByName().get(name));
    }

    Optional<APIResourceList> resources(String groupVersion) {
        List<ServedResource> served = catalog.byGroupVersion().get(groupVersion);
        if (served == null) {
            return Optional.empty();
        }
        List<APIResource> resources = new ArrayList<>();
        for (ServedResource resource : served) {
            resources.add(new APIResourceBuilder()
                    .withName(resource.plural())
                    .withSingularName(resource.singular())
                    .withNamespaced(resource.namespaced())
                    .withKind(resource.kind())
                    .withVerbs(ServedResource.VERBS)
                    .withShortNames(resource.shortNames().isEmpty() ? null : resource.shortNames())
                    .withCategories(resource.categories().isEmpty() ? null : resource.categories())
                    .build());
            for (String subresource : resource.subresources()) {
                resources.add(new APIResourceBuilder()
                        .withName(resource.plural() + "/" + subresource)
                        .withSingularName("")
                        .withNamespaced(resource.namespaced())
                        .withKind(resource.kind())
                        .withVerbs(ServedResource.SUBRESOURCE_VERBS)
                        .build());
            }
        }
        return Optional.of(new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build());
    }

    private Map<String, APIGroup> groupsByName() {
        Map<String, APIGroup> groups = new LinkedHashMap<>();
        for (Map.Entry<String, List<ServedResource>> entry :
                catalog.byGroupVersion().entrySet()) {
            ServedResource first = entry.getValue().get(0);
            if (first.isCore()) {
                continue;
            }
            GroupVersionForDiscovery version = new GroupVersionForDiscovery(entry.getKey(), first.version());
            // the first version listed is the preferred one (kfn's groups each serve one version)
            groups.merge(
                    first.group(),
                    new APIGroupBuilder()
                            .withName(first.group())
                            .withVersions(version)
                            .withPreferredVersion(version)
                            .build(),
                    (existing, added) ->
                            new APIGroupBuilder(existing).addToVersions(version).build());
        }
        return groups;
    }
}
