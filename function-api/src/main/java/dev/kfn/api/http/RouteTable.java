package dev.kfn.api.http;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP routes of every namespace and the Function serving each. Routes belong to a namespace; within it two
 * Functions claiming routes of one shape ({@link RouteKey#shape()}) are a conflict, and the earlier-created
 * Function keeps the route (ties broken by name), so every gateway replica and the operator decide alike from the
 * same list. Requests are matched as API Gateway's HTTP API matches them: a full match of path and method first
 * (literal segments before variables, from the left; then an exact method before {@code ANY}), then greedy
 * {@code {proxy+}} routes (the longest prefix first), then {@code $default}.
 */
public final class RouteTable {

    private static final Comparator<Function> CREATED_FIRST = Comparator.comparing(RouteTable::created)
            .thenComparing(fn -> fn.getMetadata().getName());

    private final Map<String, List<HttpRoute>> served;
    private final Map<FunctionId, List<String>> problems;

    private RouteTable(Map<String, List<HttpRoute>> served, Map<FunctionId, List<String>> problems) {
        this.served = served;
        this.problems = problems;
    }

    public static RouteTable of(Collection<Function> functions) {
        Map<String, List<HttpRoute>> served = new HashMap<>();
        Map<FunctionId, List<String>> problems = new LinkedHashMap<>();
        Map<String, Map<String, HttpRoute>> owners = new HashMap<>();
        functions.stream().sorted(CREATED_FIRST).forEach(fn -> {
            RouteClaims claims = RouteClaims.of(fn);
            List<String> own = new ArrayList<>(claims.problems());
            Map<String, HttpRoute> taken =
                    owners.computeIfAbsent(fn.getMetadata().getNamespace(), ns -> new HashMap<>());
            for (HttpRoute route : claims.routes()) {
                HttpRoute owner = taken.putIfAbsent(route.key().shape(), route);
                if (owner == null) {
                    served.computeIfAbsent(fn.getMetadata().getNamespace(), ns -> new ArrayList<>())
                            .add(route);
                } else {
                    own.add(route.field() + " \"" + route.key() + "\" is already served by Function "
                            + owner.function().getMetadata().getName() + " (\"" + owner.key() + "\", created earlier);"
                            + " this function is not served on it");
                }
            }
            if (!own.isEmpty()) {
                problems.put(fn.id(), List.copyOf(own));
            }
        });
        return new RouteTable(served, problems);
    }

    /** Per Function with any, its route problems: routes that do not parse, repeat, or belong to an earlier Function. */
    public Map<FunctionId, List<String>> problems() {
        return problems;
    }

    /** The routes served in a namespace. */
    public List<HttpRoute> routes(String namespace) {
        return served.getOrDefault(namespace, List.of());
    }

    /** The route answering {@code method rawPath} in the namespace; {@code rawPath} as sent, percent-encoded. */
    public Optional<RouteMatch> match(String namespace, String method, String rawPath) {
        List<String> segments = segments(rawPath);
        RouteMatch best = null;
        int[] bestRank = null;
        for (HttpRoute route : routes(namespace)) {
            Optional<Map<String, String>> parameters = parameters(route.key(), method, segments);
            if (parameters.isPresent()) {
                int[] rank = rank(route.key());
                if (best == null || Arrays.compare(rank, bestRank) < 0) {
                    best = new RouteMatch(route, parameters.get());
                    bestRank = rank;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The path parameters when the route answers the request; empty when it does not. */
    static Optional<Map<String, String>> parameters(RouteKey key, String method, List<String> segments) {
        if (key.isDefault()) {
            return Optional.of(Map.of());
        }
        if (!key.anyMethod() && !key.method().get().equals(method)) {
            return Optional.empty();
        }
        List<RouteKey.Segment> pattern = key.segments();
        int fixed = key.greedy() ? pattern.size() - 1 : pattern.size();
        if (key.greedy() ? segments.size() <= fixed : segments.size() != fixed) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            String segment = segments.get(i);
            RouteKey.Segment expected = pattern.get(i);
            if (expected instanceof RouteKey.Literal literal ? !literal.value().equals(segment) : segment.isEmpty()) {
                return Optional.empty();
            }
            if (expected instanceof RouteKey.Variable variable) {
                parameters.put(variable.name(), segment);
            }
        }
        if (key.greedy()) {
            String rest = String.join("/", segments.subList(fixed, segments.size()));
            if (rest.isEmpty()) {
                return Optional.empty();
            }
            parameters.put(((RouteKey.Greedy) pattern.get(fixed)).name(), rest);
        }
        return Optional.of(parameters);
    }

    /** Lower ranks first: tier (full match, greedy, $default), a longer greedy prefix, literals before variables, exact method before ANY. */
    static int[] rank(RouteKey key) {
        if (key.isDefault()) {
            return new int[] {2};
        }
        List<RouteKey.Segment> pattern = key.segments();
        int fixed = key.greedy() ? pattern.size() - 1 : pattern.size();
        int[] rank = new int[fixed + 3];
        rank[0] = key.greedy() ? 1 : 0;
        rank[1] = key.greedy() ? -fixed : 0;
        for (int i = 0; i < fixed; i++) {
            rank[i + 2] = pattern.get(i) instanceof RouteKey.Literal ? 0 : 1;
        }
        rank[fixed + 2] = key.anyMethod() ? 1 : 0;
        return rank;
    }

    /** The decoded segments of a raw path: {@code /} has none, {@code /a/} has {@code a} and an empty one. */
    static List<String> segments(String rawPath) {
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return List.of();
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        return Arrays.stream(path.split("/", -1)).map(RouteTable::decode).toList();
    }

    private static String decode(String segment) {
        try {
            // '+' is a plus in a path; only %XX is an escape there
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** A Function not yet stored has no creation time: it sorts after every stored one. */
    private static Instant created(Function fn) {
        String timestamp = fn.getMetadata().getCreationTimestamp();
        if (timestamp == null) {
            return Instant.MAX;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
