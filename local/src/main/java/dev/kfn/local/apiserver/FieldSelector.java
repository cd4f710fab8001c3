package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code fieldSelector} ({@code involvedObject.name=hello,type!=Normal}) applied to any field of a listed object.
 * The API server allows only some fields per kind; kubectl asks for those (describe reads a function's events by
 * {@code involvedObject.*}), and the store filters on labels and names only.
 */
final class FieldSelector {

    private record Requirement(List<String> field, boolean equal, String value) {

        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String name : field) {
                node = node.path(name);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            return actual.equals(value) == equal;
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector != null) {
            for (String term : selector.split(",")) {
                if (term.isBlank()) {
                    continue;
                }
                boolean equal = !term.contains("!=");
                String[] parts = term.split(equal ? "==?" : "!=", 2);
                requirements.add(new Requirement(
                        List.of(parts[0].strip().split("\\.")), equal, parts.length > 1 ? parts[1].strip() : ""));
            }
        }
        return new FieldSelector(requirements);
    }

    boolean isEmpty() {
        return requirements.isEmpty();
    }

    boolean matches(JsonNode object) {
        return requirements.stream().allMatch(requirement -> requirement.matches(object));
    }
}
