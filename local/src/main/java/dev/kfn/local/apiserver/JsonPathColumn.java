package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath a CRD printer column names, in the simple form the API server accepts there: fields
 * ({@code .a.b}, {@code ['a']}), an index ({@code [0]}), every element ({@code [*]}) and an equality filter
 * ({@code [?(@.type=="Ready")]}).
 */
final class JsonPathColumn {

    private static final Pattern FILTER =
            Pattern.compile("\\?\\(@((?:\\.[^.=!\\s)]+)+)\\s*(==|!=)\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\\s]+))\\s*\\)");

    /** One step of the path: what it reaches from one node. */
    private interface Step {
        void reach(JsonNode node, List<JsonNode> reached);
    }

    private final List<Step> steps;

    private JsonPathColumn(List<Step> steps) {
        this.steps = steps;
    }

    /** @throws IllegalArgumentException for a path outside the simple form */
    static JsonPathColumn parse(String path) {
        String rest = path.strip();
        if (rest.startsWith("{") && rest.endsWith("}")) {
            rest = rest.substring(1, rest.length() - 1);
        }
        if (rest.startsWith("$")) {
            rest = rest.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        int at = 0;
        while (at < rest.length()) {
            char c = rest.charAt(at);
            if (c == '.') {
                int end = at + 1;
                while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                    end++;
                }
                steps.add(field(rest.substring(at + 1, end)));
                at = end;
            } else if (c == '[') {
                int end = closing(rest, at, path);
                steps.add(bracket(rest.substring(at + 1, end).strip(), path));
                at = end + 1;
            } else {
                throw new IllegalArgumentException("unsupported JSONPath " + path);
            }
        }
        return new JsonPathColumn(steps);
    }

    /** Every value the path reaches, in document order. */
    List<JsonNode> find(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> reached = new ArrayList<>();
            current.forEach(node -> step.reach(node, reached));
            current = reached;
        }
        return current;
    }

    private static Step field(String name) {
        return (node, reached) -> addIfPresent(reached, node.get(name));
    }

    private static Step bracket(String content, String path) {
        if (content.equals("*")) {
            return (node, reached) -> node.elements().forEachRemaining(reached::add);
        }
        if (content.matches("\\d+")) {
            int index = Integer.parseInt(content);
            return (node, reached) -> addIfPresent(reached, node.isArray() ? node.get(index) : null);
        }
        if (content.length() >= 2 && (quoted(content, '\'') || quoted(content, '"'))) {
            return field(content.substring(1, content.length() - 1));
        }
        Matcher filter = FILTER.matcher(content);
        if (!filter.matches()) {
            throw new IllegalArgumentException("unsupported JSONPath " + path);
        }
        List<String> fields = List.of(filter.group(1).substring(1).split("\\."));
        boolean equal = filter.group(2).equals("==");
        String value =
                filter.group(3) != null ? filter.group(3) : filter.group(4) != null ? filter.group(4) : filter.group(5);
        return (node, reached) -> node.elements().forEachRemaining(element -> {
            JsonNode compared = element;
            for (String name : fields) {
                compared = compared == null ? null : compared.get(name);
            }
            boolean same = compared != null
                    && !compared.isContainerNode()
                    && compared.asText().equals(value);
            if (same == equal) {
                reached.add(element);
            }
        });
    }

    private static boolean quoted(String content, char quote) {
        return content.charAt(0) == quote && content.charAt(content.length() - 1) == quote;
    }

    private static void addIfPresent(List<JsonNode> nodes, JsonNode node) {
        if (node != null && !node.isMissingNode()) {
            nodes.add(node);
        }
    }

    private static int closing(String path, int open, String whole) {
        int depth = 0;
        for (int i = open; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unclosed [ in JSONPath " + whole);
    }
}
