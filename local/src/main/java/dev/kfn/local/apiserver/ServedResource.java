package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.List;

/**
 * One resource the embedded API serves, as discovery, OpenAPI and Table conversion describe it.
 *
 * @param printerColumns a custom resource's {@code additionalPrinterColumns}; empty for built-in kinds
 * @param schema a custom resource's OpenAPI v3 schema, or null
 */
record ServedResource(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        List<String> subresources,
        List<CustomResourceColumnDefinition> printerColumns,
        JsonNode schema) {

    static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    boolean isCore() {
        return group.isEmpty();
    }

    /** {@code v1} for the core group, {@code apps/v1} for the others. */
    String groupVersion() {
        return isCore() ? version : group + "/" + version;
    }

    /** Where the group version lives: {@code /api/v1} or {@code /apis/apps/v1}. */
    String groupVersionPath() {
        return isCore() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
