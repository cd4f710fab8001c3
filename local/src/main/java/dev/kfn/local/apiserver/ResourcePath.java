package dev.kfn.local.apiserver;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path that names resources: {@code /api/v1/namespaces/default/pods/p1} or
 * {@code /apis/kfn.dev/v1alpha1/functions}, with its parts (name and subresource empty when absent).
 */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource) {

    static Optional<ResourcePath> parse(String path) {
        List<String> segments =
                Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        List<String> rest;
        String group;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            rest = segments.subList(1, segments.size());
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            rest = segments.subList(2, segments.size());
        } else {
            return Optional.empty();
        }
        String version = rest.get(0);
        List<String> named = rest.subList(1, rest.size());
        String namespace = "";
        if (named.size() >= 3 && named.get(0).equals("namespaces")) {
            namespace = named.get(1);
            named = named.subList(2, named.size());
        }
        if (named.size() > 3) {
            return Optional.empty();
        }
        return Optional.of(new ResourcePath(
                group,
                version,
                namespace,
                named.get(0),
                named.size() > 1 ? named.get(1) : "",
                named.size() > 2 ? named.get(2) : ""));
    }

    boolean isList() {
        return name.isEmpty();
    }
}
