package dev.kfn.testsupport.rbac;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One call to the Kubernetes API as its authorizer sees it: verb, API group, resource (with subresource),
 * namespace and name — from the HTTP method and path, by the rules of the API server's request-info resolver. A
 * list or watch with a {@code metadata.name} field selector names its object, as RBAC's resourceNames need.
 */
public record ApiRequest(String verb, String group, String resource, String namespace, String name) {

    /** Discovery and other paths that name no resource (RBAC's nonResourceURLs, open to every authenticated user). */
    public static Optional<ApiRequest> parse(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        List<String> parts = Arrays.stream(uri.getPath().split("/"))
                .filter(p -> !p.isEmpty())
                .toList();
        String group;
        List<String> rest;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            return Optional.empty();
        }
        String namespace = "";
        // a namespace object itself (/api/v1/namespaces/<name>) is cluster-scoped
        if (rest.size() > 2 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        if (rest.size() > 2) {
            resource = resource + "/" + rest.get(2);
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (name.isEmpty()) {
            name = fieldSelectedName(query);
        }
        boolean collection = rest.size() == 1;
        String verb = switch (method) {
            case "GET", "HEAD" -> collection ? (query.contains("watch=true") ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> method.toLowerCase();
        };
        return Optional.of(new ApiRequest(verb, group, resource, namespace, name));
    }

    private static String fieldSelectedName(String query) {
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("fieldSelector=")) {
                String selector =
                        URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
                for (String term : selector.split(",")) {
                    if (term.startsWith("metadata.name=")) {
                        return term.substring("metadata.name=".length());
                    }
                }
            }
        }
        return "";
    }
}
