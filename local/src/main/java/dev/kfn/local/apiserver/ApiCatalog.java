package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the embedded API serves right now: the built-in kinds, and every served version of every stored CRD. */
final class ApiCatalog {

    private final List<ServedResource> resources;

    private ApiCatalog(List<ServedResource> resources) {
        this.resources = List.copyOf(resources);
    }

    static ApiCatalog of(List<CustomResourceDefinition> crds, KubernetesSerialization serialization) {
        List<ServedResource> resources = new ArrayList<>(BuiltInResources.all());
        for (CustomResourceDefinition crd : crds) {
            var spec = crd.getSpec();
            for (CustomResourceDefinitionVersion version : spec.getVersions()) {
                if (!Boolean.TRUE.equals(version.getServed())) {
                    continue;
                }
                List<String> subresources = new ArrayList<>();
                if (version.getSubresources() != null
                        && version.getSubresources().getStatus() != null) {
                    subresources.add("status");
                }
                if (version.getSubresources() != null
                        && version.getSubresources().getScale() != null) {
                    subresources.add("scale");
                }
                JsonNode schema = version.getSchema() == null
                        ? null
                        : serialization.convertValue(version.getSchema().getOpenAPIV3Schema(), JsonNode.class);
                resources.add(new ServedResource(
                        spec.getGroup(),
                        version.getName(),
                        spec.getNames().getKind(),
                        spec.getNames().getPlural(),
                        orEmpty(spec.getNames().getSingular()),
                        "Namespaced".equals(spec.getScope()),
                        orEmpty(spec.getNames().getShortNames()),
                        orEmpty(spec.getNames().getCategories()),
                        subresources,
                        orEmpty(version.getAdditionalPrinterColumns()),
                        schema));
            }
        }
        return new ApiCatalog(resources);
    }

    List<ServedResource> resources() {
        return resources;
    }

    /** Group versions in the order discovery lists them: the core group, then each group as first seen. */
    Map<String, List<ServedResource>> byGroupVersion() {
        Map<String, List<ServedResource>> byGroupVersion = new LinkedHashMap<>();
        for (ServedResource resource : resources) {
            byGroupVersion
                    .computeIfAbsent(resource.groupVersion(), gv -> new ArrayList<>())
                    .add(resource);
        }
        return byGroupVersion;
    }

    Optional<ServedResource> find(String group, String version, String plural) {
        return resources.stream()
                .filter(r -> r.group().equals(group)
                        && r.version().equals(version)
                        && r.plural().equals(plural))
                .findFirst();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
