package dev.kfn.api.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An API Gateway route key: {@code METHOD /path} or {@code $default}. The path is literal segments, {@code {name}}
 * variables and, as the last segment only, a greedy {@code {name+}}. {@code method} is empty for {@code $default}.
 */
public record RouteKey(String text, Optional<String> method, List<Segment> segments) {

    public static final String DEFAULT = "$default";
    public static final String ANY = "ANY";
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", ANY);

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern LITERAL = Pattern.compile("[^{}?#\\s]+");

    /** One segment of a route's path. */
    public sealed interface Segment {}

    public record Literal(String value) implements Segment {}

    public record Variable(String name) implements Segment {}

    /** {@code {name+}}: the rest of the path, one segment or more. */
    public record Greedy(String name) implements Segment {}

    /** @throws IllegalArgumentException naming what is wrong with the route key */
    public static RouteKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a route is \"METHOD /path\" or \"$default\"");
        }
        if (text.equals(DEFAULT)) {
            return new RouteKey(text, Optional.empty(), List.of());
        }
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("a route is \"METHOD /path\" or \"$default\"");
        }
        String method = text.substring(0, space);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method " + method + " is not one of " + String.join(", ", METHODS));
        }
        return new RouteKey(text, Optional.of(method), segments(text.substring(space + 1)));
    }

    private static List<Segment> segments(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the path must start with /");
        }
        if (path.equals("/")) {
            return List.of();
        }
        String[] parts = path.substring(1).split("/", -1);
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            Segment segment = segment(parts[i]);
            if (segment instanceof Greedy greedy && i < parts.length - 1) {
                throw new IllegalArgumentException(
                        "a greedy variable {" + greedy.name() + "+} must be the last segment");
            }
            String name = segment instanceof Variable v ? v.name() : segment instanceof Greedy g ? g.name() : null;
            if (name != null && !names.add(name)) {
                throw new IllegalArgumentException("path variable {" + name + "} appears twice");
            }
            segments.add(segment);
        }
        return List.copyOf(segments);
    }

    private static Segment segment(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("the path has an empty segment");
        }
        if (part.startsWith("{") && part.endsWith("}")) {
            String inner = part.substring(1, part.length() - 1);
            boolean greedy = inner.endsWith("+");
            String name = greedy ? inner.substring(0, inner.length() - 1) : inner;
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("{" + inner + "} is not a path variable (letters, digits, _ . -)");
            }
            return greedy ? new Greedy(name) : new Variable(name);
        }
        if (!LITERAL.matcher(part).matches()) {
            throw new IllegalArgumentException(
                    "segment " + part + " mixes text and a variable or holds ? # { } or a space");
        }
        return new Literal(part);
    }

    public boolean isDefault() {
        return method.isEmpty();
    }

    public boolean greedy() {
        return !segments.isEmpty() && segments.get(segments.size() - 1) instanceof Greedy;
    }

    public boolean anyMethod() {
        return method.filter(ANY::equals).isPresent();
    }

    /**
     * What two routes share when they would answer exactly the same requests: the method and the path with its
     * variables unnamed. {@code GET /orders/{id}} and {@code GET /orders/{orderId}} have one shape.
     */
    public String shape() {
        if (isDefault()) {
            return DEFAULT;
        }
        return method.get() + " /"
                + segments.stream()
                        .map(segment -> segment instanceof Literal literal
                                ? literal.value()
                                : segment instanceof Greedy ? "{+}" : "{}")
                        .collect(Collectors.joining("/"));
    }

    @Override
    public String toString() {
        return text;
    }
}
