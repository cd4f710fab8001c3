package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The embedded API's requests: answers what Fabric8's CRUD dispatcher does not — version, discovery, OpenAPI v3 and
 * Table conversion, derived from the stored CRDs and the built-in kinds — and hands everything else to it, so
 * kubectl works against kfn local as against a cluster.
 */
public final class KubeApiDispatcher extends Dispatcher {

    /** The Kubernetes version kfn local presents; kubectl warns when its own is more than one minor away. */
    static final String GIT_VERSION = "v1.32.0-kfn-local";

    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String JSON = "application/json";
    private static final String STRATEGIC_MERGE = "application/strategic-merge-patch+json";

    private final KubernetesCrudDispatcher store;
    private final KubernetesSerialization serialization;

    public KubeApiDispatcher(KubernetesCrudDispatcher store, KubernetesSerialization serialization) {
        this.store = store;
        this.serialization = serialization;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        URI uri = URI.create(request.getPath());
        Map<String, String> query = query(uri);
        if (!"GET".equalsIgnoreCase(request.getMethod())) {
            if (STRATEGIC_MERGE.equals(request.getHeader("Content-Type"))) {
                return strategicMergeUnsupported();
            }
            return explained(store.dispatch(request), uri);
        }
        Optional<MockResponse> nonResource = nonResource(uri.getRawPath(), request.getHeader("Host"));
        if (nonResource.isPresent()) {
            return nonResource.get();
        }
        Optional<ResourcePath> path = ResourcePath.parse(uri.getRawPath());
        boolean list = path.isPresent() && path.get().isList() && !isWatch(query);
        // the store reads a field selector as labels and finds nothing for involvedObject.name=…: lists are filtered
        // here
        MockResponse response = store.dispatch(list ? withoutFieldSelector(request, uri) : request);
        if (isWatch(query) || path.isEmpty() || response.code() != 200) {
            return explained(response, uri);
        }
        JsonNode body = serialization.unmarshal(
                new String(response.getBody().getBytes(), StandardCharsets.UTF_8), JsonNode.class);
        Optional<ServedResource> resource = served(path.get());
        if (list && body instanceof ObjectNode items) {
            filter(items, FieldSelector.parse(query.get("fieldSelector")));
            sortByNamespaceAndName(items);
            // typed clients (kubectl describe reading events) decode an EventList, never the store's generic List
            resource.ifPresent(
                    served -> items.put("apiVersion", served.groupVersion()).put("kind", served.kind() + "List"));
        }
        if (TableConversion.wanted(request.getHeader("Accept"))
                && path.get().subresource().isEmpty()
                && resource.isPresent()) {
            return json(
                    200,
                    TableConversion.of(body, TableColumns.of(resource.get()), query.get("includeObject"), Instant.now())
                            .toString(),
                    TableConversion.MEDIA_TYPE);
        }
        return json(200, body.toString(), JSON);
    }

    /**
     * What a watch of this request streams for each event: the stored object, or a one-row Table of it when the
     * watcher asked for Tables ({@code kubectl get -w}).
     */
    public UnaryOperator<String> watchEvents(RecordedRequest request) {
        URI uri = URI.create(request.getPath());
        Optional<ServedResource> resource = ResourcePath.parse(uri.getRawPath()).flatMap(this::served);
        if (!TableConversion.wanted(request.getHeader("Accept")) || resource.isEmpty()) {
            return UnaryOperator.identity();
        }
        TableColumns columns = TableColumns.of(resource.get());
        String includeObject = query(uri).get("includeObject");
        return event -> {
            ObjectNode parsed = (ObjectNode) serialization.unmarshal(event, JsonNode.class);
            parsed.set("object", TableConversion.of(parsed.path("object"), columns, includeObject, Instant.now()));
            return parsed.toString();
        };
    }

    /** What the API serves now: the built-in kinds and every stored CRD. */
    private ApiCatalog catalog() {
        MockResponse crds = store.handleGet(CRDS);
        CustomResourceDefinitionList list = serialization.unmarshal(
                new String(crds.getBody().getBytes(), StandardCharsets.UTF_8), CustomResourceDefinitionList.class);
        return ApiCatalog.of(list.getItems(), serialization);
    }

    private Optional<MockResponse> nonResource(String path, String host) {
        if (path.equals("/version")) {
            ObjectNode version = JsonNodeFactory.instance
                    .objectNode()
                    .put("major", "1")
                    .put("minor", "32")
                    .put("gitVersion", GIT_VERSION)
                    .put("platform", "kfn/local");
            return Optional.of(json(200, version.toString(), JSON));
        }
        if (path.equals("/api")) {
            return Optional.of(json(
                    200, serialization.asJson(new Discovery(catalog()).coreVersions(host == null ? "" : host)), JSON));
        }
        if (path.equals("/apis")) {
            return Optional.of(json(200, serialization.asJson(new Discovery(catalog()).groups()), JSON));
        }
        if (path.equals("/openapi/v2")) {
            return Optional.of(notFound());
        }
        if (path.equals(OpenApiDocuments.PREFIX)) {
            return Optional.of(json(200, new OpenApiDocuments(catalog()).index().toString(), JSON));
        }
        if (path.startsWith(OpenApiDocuments.PREFIX + "/")) {
            return Optional.of(new OpenApiDocuments(catalog())
                    .document(path.substring(OpenApiDocuments.PREFIX.length() + 1))
                    .map(doc -> json(200, doc.toString(), JSON))
                    .orElseGet(this::notFound));
        }
        String[] segments = path.substring(1).split("/");
        if (segments.length == 2 && segments[0].equals("api")) {
            return Optional.of(resourceList(segments[1]));
        }
        if (segments.length == 2 && segments[0].equals("apis")) {
            return Optional.of(new Discovery(catalog())
                    .group(segments[1])
                    .map(group -> json(200, serialization.asJson(group), JSON))
                    .orElseGet(this::notFound));
        }
        if (segments.length == 3 && segments[0].equals("apis")) {
            return Optional.of(resourceList(segments[1] + "/" + segments[2]));
        }
        return Optional.empty();
    }

    private MockResponse resourceList(String groupVersion) {
        return new Discovery(catalog())
                .resources(groupVersion)
                .map(list -> json(200, serialization.asJson(list), JSON))
                .orElseGet(this::notFound);
    }

    private Optional<ServedResource> served(ResourcePath path) {
        return catalog().find(path.group(), path.version(), path.plural());
    }

    private static void filter(ObjectNode list, FieldSelector selector) {
        if (selector.isEmpty() || !list.has("items")) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        list.path("items").forEach(item -> {
            if (selector.matches(item)) {
                kept.add(item);
            }
        });
        list.set("items", kept);
    }

    /** In the API server's order (its storage keys): by namespace, then name; the store keeps none. */
    private static void sortByNamespaceAndName(ObjectNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(items::add);
        items.sort(Comparator.comparing((JsonNode item) ->
                        item.path("metadata").path("namespace").asText())
                .thenComparing(item -> item.path("metadata").path("name").asText()));
        list.putArray("items").addAll(items);
    }

    private static RecordedRequest withoutFieldSelector(RecordedRequest request, URI uri) {
        if (uri.getRawQuery() == null || !uri.getRawQuery().contains("fieldSelector=")) {
            return request;
        }
        String query = Arrays.stream(uri.getRawQuery().split("&"))
                .filter(pair -> !pair.startsWith("fieldSelector="))
                .collect(Collectors.joining("&"));
        return new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                uri.getRawPath() + (query.isEmpty() ? "" : "?" + query),
                request.getHeaders(),
                request.getBody());
    }

    private static boolean isWatch(Map<String, String> query) {
        return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                query.put(key, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    /** The store's answer, typed as JSON, and with the API server's message when it names no missing object. */
    private MockResponse explained(MockResponse response, URI uri) {
        boolean empty = response.getBody() == null || response.getBody().size() == 0;
        Optional<ResourcePath> path = ResourcePath.parse(uri.getRawPath());
        if (response.code() == 404 && empty && path.isPresent() && !path.get().isList()) {
            ResourcePath missing = path.get();
            String resource = missing.group().isEmpty() ? missing.plural() : missing.plural() + "." + missing.group();
            return json(
                    404,
                    serialization.asJson(new StatusBuilder()
                            .withStatus("Failure")
                            .withReason("NotFound")
                            .withCode(404)
                            .withMessage(resource + " \"" + missing.name() + "\" not found")
                            .withNewDetails()
                            .withName(missing.name())
                            .withGroup(missing.group())
                            .withKind(missing.plural())
                            .endDetails()
                            .build()),
                    JSON);
        }
        if (!empty && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }

    /**
     * kubectl patches built-in kinds it applies with strategic merge patches, which need the Go types' merge keys the
     * store does not have; say so and what works instead, rather than the store's bare 415.
     */
    private MockResponse strategicMergeUnsupported() {
        return json(
                415,
                serialization.asJson(new StatusBuilder()
                        .withStatus("Failure")
                        .withReason("UnsupportedMediaType")
                        .withCode(415)
                        .withMessage(
                                "kfn local's API does not apply strategic merge patches: use kubectl replace -f, kubectl patch --type merge,"
                                        + " or delete and apply again")
                        .build()),
                JSON);
    }

    private static MockResponse json(int code, String body, String contentType) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", contentType)
                .setBody(body);
    }

    private MockResponse notFound() {
        return json(
                404,
                serialization.asJson(new StatusBuilder()
                        .withStatus("Failure")
                        .withReason("NotFound")
                        .withMessage("the server could not find the requested resource")
                        .withCode(404)
                        .build()),
                JSON);
    }
}
