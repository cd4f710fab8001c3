package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAPI v3 as far as kubectl reads it: the index of group versions and, per group version, the PATCH operation
 * of each kind with its {@code fieldValidation} parameter. kubectl apply looks for that parameter to leave field
 * validation to the server; without these documents it tries to validate against a schema it cannot download and
 * refuses to apply. Custom resources carry their CRD's schema, so {@code kubectl explain} reads it.
 */
final class OpenApiDocuments {

    static final String PREFIX = "/openapi/v3";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    // no strategic merge: a built-in kind has no schema here, so kubectl computes that patch from its own types
    private static final List<String> PATCH_TYPES =
            List.of("application/json-patch+json", "application/merge-patch+json");

    private final ApiCatalog catalog;

    OpenApiDocuments(ApiCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code /openapi/v3}: where each group version's document is, with a hash that changes with the document. */
    ObjectNode index() {
        ObjectNode paths = JSON.objectNode();
        for (Map.Entry<String, List<ServedResource>> entry :
                catalog.byGroupVersion().entrySet()) {
            String path = entry.getValue().get(0).groupVersionPath().substring(1);
            paths.putObject(path)
                    .put("serverRelativeURL", PREFIX + "/" + path + "?hash=" + hash(document(entry.getValue())));
        }
        ObjectNode index = JSON.objectNode();
        index.set("paths", paths);
        return index;
    }

    /** The document of {@code api/v1} or {@code apis/<group>/<version>}. */
    Optional<ObjectNode> document(String groupVersionPath) {
        return catalog.byGroupVersion().values().stream()
                .filter(resources -> resources.get(0).groupVersionPath().equals("/" + groupVersionPath))
                .findFirst()
                .map(OpenApiDocuments::document);
    }

    private static ObjectNode document(List<ServedResource> resources) {
        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "kfn local").put("version", KubeApiDispatcher.GIT_VERSION);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ServedResource resource : resources) {
            String schemaName = schemaName(resource);
            ObjectNode schema = resource.schema() == null
                    ? JSON.objectNode().put("type", "object")
                    : resource.schema().deepCopy();
            schema.putArray("x-kubernetes-group-version-kind").add(gvk(resource));
            schemas.set(schemaName, schema);

            ObjectNode patch = paths.putObject(itemPath(resource)).putObject("patch");
            patch.put("operationId", "patch" + resource.kind());
            patch.put("x-kubernetes-action", "patch");
            patch.set("x-kubernetes-group-version-kind", gvk(resource));
            var parameters = patch.putArray("parameters");
            for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                parameters
                        .addObject()
                        .put("name", name)
                        .put("in", "query")
                        .putObject("schema")
                        .put("type", "string");
            }
            ObjectNode content = patch.putObject("requestBody").putObject("content");
            for (String type : PATCH_TYPES) {
                content.putObject(type).putObject("schema").put("type", "object");
            }
            patch.putObject("responses")
                    .putObject("200")
                    .put("description", "OK")
                    .putObject("content")
                    .putObject("application/json")
                    .putObject("schema")
                    .put("$ref", "#/components/schemas/" + schemaName);
        }
        return doc;
    }

    private static String itemPath(ServedResource resource) {
        return resource.groupVersionPath() + (resource.namespaced() ? "/namespaces/{namespace}/" : "/")
                + resource.plural() + "/{name}";
    }

    private static String schemaName(ServedResource resource) {
        return (resource.isCore() ? "io.k8s.api.core" : resource.group()) + "." + resource.version() + "."
                + resource.kind();
    }

    private static JsonNode gvk(ServedResource resource) {
        return JSON.objectNode()
                .put("group", resource.group())
                .put("kind", resource.kind())
                .put("version", resource.version());
    }

    private static String hash(JsonNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(document.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
