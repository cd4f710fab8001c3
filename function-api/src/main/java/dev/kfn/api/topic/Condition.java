package dev.kfn.api.topic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** A parsed filter policy as a tree: AND across an object's properties, OR across {@code $or}'s branches. */
sealed interface Condition {

    /** The values of a property at a path, or empty when the message has no such property. */
    interface Lookup {
        Optional<List<JsonNode>> values(List<String> path);
    }

    boolean test(Lookup message);

    record AllOf(List<Condition> parts) implements Condition {
        public boolean test(Lookup message) {
            return parts.stream().allMatch(part -> part.test(message));
        }
    }

    record AnyOf(List<Condition> branches) implements Condition {
        public boolean test(Lookup message) {
            return branches.stream().anyMatch(branch -> branch.test(message));
        }
    }

    /** A property and its array of values: a present property matches when any of its values matches any of them. */
    record Field(List<String> path, List<ValueMatcher> matchers) implements Condition {
        public boolean test(Lookup message) {
            Optional<List<JsonNode>> values = message.values(path);
            if (values.isEmpty()) {
                return matchers.contains(new ValueMatcher.Exists(false));
            }
            return matchers.stream()
                    .anyMatch(matcher -> matcher instanceof ValueMatcher.Exists
                            ? matcher.matches(null)
                            : values.get().stream().anyMatch(matcher::matches));
        }
    }
}
