package dev.kfn.api.topic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An SNS subscription filter policy, parsed: which messages a subscription receives. Properties are ANDed, the
 * values of one property's array ORed, {@code $or} ORs whole policies. On message attributes (the default scope)
 * a String attribute meets string operators, a Number attribute numeric ones, a String.Array attribute matches when
 * any element does, and Binary attributes are never compared (SNS ignores them). On the message body the policy's
 * nested keys walk the body's JSON objects (through arrays), and a body that is not a JSON object matches no policy.
 * Pure.
 */
public final class FilterPolicy {

    /** What a policy reads, by {@code filterPolicyScope}. */
    public enum Scope {
        MESSAGE_ATTRIBUTES("MessageAttributes"),
        MESSAGE_BODY("MessageBody");

        private final String text;

        Scope(String text) {
            this.text = text;
        }

        /** Unset is MessageAttributes, as in SNS. */
        public static Scope parse(String text, String field) {
            if (text == null) {
                return MESSAGE_ATTRIBUTES;
            }
            for (Scope scope : values()) {
                if (scope.text.equals(text)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException(field + ": '" + text + "' is not MessageAttributes or MessageBody");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** No policy: every message. */
    public static final FilterPolicy ACCEPT_ALL =
            new FilterPolicy(new Condition.AllOf(List.of()), Scope.MESSAGE_ATTRIBUTES);

    private final Condition condition;
    private final Scope scope;

    private FilterPolicy(Condition condition, Scope scope) {
        this.condition = condition;
        this.scope = scope;
    }

    /**
     * @param policy the policy as JSON (YAML read into the same tree); null is no policy
     * @param field where the policy is written, prefixed to every problem: {@code spec.triggers[1].topic.filterPolicy}
     * @throws IllegalArgumentException naming the place that does not parse
     */
    public static FilterPolicy parse(JsonNode policy, Scope scope, String field) {
        if (policy == null || policy.isNull()) {
            return ACCEPT_ALL;
        }
        return new FilterPolicy(FilterPolicyParser.parse(policy, scope == Scope.MESSAGE_BODY, field), scope);
    }

    public Scope scope() {
        return scope;
    }

    /** Whether a message with these attributes and this body reaches the subscription. */
    public boolean matches(Map<String, MessageAttribute> attributes, String body) {
        return switch (scope) {
            case MESSAGE_ATTRIBUTES -> condition.test(path -> attribute(attributes.get(path.get(0))));
            case MESSAGE_BODY -> {
                Optional<JsonNode> json = object(body);
                yield json.isPresent() && condition.test(path -> walk(json.get(), path));
            }
        };
    }

    private static Optional<List<JsonNode>> attribute(MessageAttribute attribute) {
        if (attribute == null || attribute.baseType().equals(MessageAttribute.BINARY)) {
            return Optional.empty();
        }
        String value = attribute.value();
        return Optional.of(
                switch (attribute.baseType()) {
                    case MessageAttribute.NUMBER -> List.of(number(value));
                    case MessageAttribute.STRING_ARRAY -> array(value);
                    default -> List.of(TextNode.valueOf(value));
                });
    }

    /** A Number the publisher sent that is no number (the publish APIs refuse it) compares as text. */
    private static JsonNode number(String value) {
        try {
            return DecimalNode.valueOf(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            return TextNode.valueOf(value);
        }
    }

    private static List<JsonNode> array(String value) {
        try {
            JsonNode array = JSON.readTree(value);
            if (array != null && array.isArray()) {
                List<JsonNode> elements = new ArrayList<>();
                array.forEach(elements::add);
                return elements;
            }
        } catch (JacksonException e) {
            // compared as the text it is, below
        }
        return List.of(TextNode.valueOf(value));
    }

    private static Optional<JsonNode> object(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The values at a path of nested keys; an array on the way or at the end contributes each element. */
    private static Optional<List<JsonNode>> walk(JsonNode root, List<String> path) {
        List<JsonNode> current = List.of(root);
        for (String key : path) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : flatten(current)) {
                JsonNode child = node.isObject() ? node.get(key) : null;
                if (child != null) {
                    next.add(child);
                }
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(flatten(current));
    }

    private static List<JsonNode> flatten(List<JsonNode> nodes) {
        List<JsonNode> flat = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (node.isArray()) {
                node.forEach(flat::add);
            } else {
                flat.add(node);
            }
        }
        return flat;
    }
}
