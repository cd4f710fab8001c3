package dev.kfn.api.topic;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an SNS filter policy into a {@link Condition}, refusing what SNS refuses, each refusal naming its place
 * ({@code <field>.price: …}). Limits as SNS documents them: five keys (leaf properties), 150 combinations (the
 * product of the arrays' sizes; {@code $or} branches add up), numbers within ±10⁹ with five decimals.
 */
final class FilterPolicyParser {

    static final int MAX_KEYS = 5;
    static final int MAX_COMBINATIONS = 150;
    private static final BigDecimal MAX_NUMBER = new BigDecimal("1000000000");

    private final boolean nested;
    private final Set<List<String>> keys = new LinkedHashSet<>();

    private FilterPolicyParser(boolean nested) {
        this.nested = nested;
    }

    /** A parsed policy and how many combinations it has. */
    record Parsed(Condition condition, long combinations) {}

    static Condition parse(JsonNode policy, boolean nested, String field) {
        if (policy == null || !policy.isObject()) {
            throw new IllegalArgumentException(field + ": a filter policy is a JSON object of properties, got "
                    + (policy == null
                            ? "nothing"
                            : policy.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        FilterPolicyParser parser = new FilterPolicyParser(nested);
        Parsed parsed = parser.object(policy, List.of(), field);
        if (parser.keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException(field + ": a filter policy has at most " + MAX_KEYS + " keys, this one "
                    + parser.keys.size() + " ("
                    + String.join(
                            ", ",
                            parser.keys.stream().map(k -> String.join(".", k)).toList())
                    + ")");
        }
        if (parsed.combinations() > MAX_COMBINATIONS) {
            throw new IllegalArgumentException(field + ": a filter policy has at most " + MAX_COMBINATIONS
                    + " combinations of values (the product of its arrays' sizes), this one " + parsed.combinations());
        }
        return parsed.condition();
    }

    private Parsed object(JsonNode node, List<String> path, String field) {
        List<Condition> parts = new ArrayList<>();
        long combinations = 1;
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String key = property.getKey();
            JsonNode value = property.getValue();
            String at = field + "." + key;
            Parsed part;
            if (key.equals("$or")) {
                part = or(value, path, at);
            } else if (value.isObject()) {
                if (!nested) {
                    throw new IllegalArgumentException(at + ": a policy on message attributes cannot nest objects;"
                            + " nested keys need filterPolicyScope MessageBody");
                }
                part = object(value, append(path, key), at);
            } else if (value.isArray()) {
                part = field(value, append(path, key), at);
            } else {
                throw new IllegalArgumentException(at + ": a property's values are an array, as [\"" + value.asText()
                        + "\"], got " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            parts.add(part.condition());
            combinations = Math.multiplyExact(combinations, part.combinations());
        }
        if (parts.isEmpty() && !path.isEmpty()) {
            throw new IllegalArgumentException(field + ": an empty object matches nothing; give it properties");
        }
        return new Parsed(new Condition.AllOf(List.copyOf(parts)), combinations);
    }

    private Parsed or(JsonNode value, List<String> path, String field) {
        if (!value.isArray() || value.size() < 2) {
            throw new IllegalArgumentException(field + ": $or is an array of at least two policies");
        }
        List<Condition> branches = new ArrayList<>();
        long combinations = 0;
        for (int i = 0; i < value.size(); i++) {
            JsonNode branch = value.get(i);
            String at = field + "[" + i + "]";
            if (!branch.isObject() || branch.isEmpty()) {
                throw new IllegalArgumentException(at + ": each $or branch is a policy object with properties");
            }
            Parsed parsed = object(branch, path, at);
            branches.add(parsed.condition());
            combinations = Math.addExact(combinations, parsed.combinations());
        }
        return new Parsed(new Condition.AnyOf(List.copyOf(branches)), combinations);
    }

    private Parsed field(JsonNode values, List<String> path, String field) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + ": an empty array matches nothing; give it a value");
        }
        keys.add(path);
        List<ValueMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            matchers.add(value(values.get(i), field + "[" + i + "]"));
        }
        return new Parsed(new Condition.Field(List.copyOf(path), List.copyOf(matchers)), matchers.size());
    }

    private ValueMatcher value(JsonNode value, String field) {
        if (value.isTextual()) {
            return new ValueMatcher.ExactString(value.textValue());
        }
        if (value.isNumber()) {
            return new ValueMatcher.ExactNumber(number(value, field));
        }
        if (value.isBoolean()) {
            return new ValueMatcher.ExactBoolean(value.booleanValue());
        }
        if (value.isNull()) {
            return new ValueMatcher.Null();
        }
        if (value.isArray()) {
            throw new IllegalArgumentException(field + ": a value cannot be an array");
        }
        if (value.size() != 1) {
            throw new IllegalArgumentException(field + ": an operator object has exactly one operator (prefix, suffix,"
                    + " anything-but, numeric, exists, equals-ignore-case), got " + value.size());
        }
        Map.Entry<String, JsonNode> operator = value.properties().iterator().next();
        JsonNode operand = operator.getValue();
        String at = field + "." + operator.getKey();
        return switch (operator.getKey()) {
            case "prefix" -> new ValueMatcher.Prefix(text(operand, at));
            case "suffix" -> new ValueMatcher.Suffix(text(operand, at));
            case "equals-ignore-case" -> new ValueMatcher.EqualsIgnoreCase(text(operand, at));
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw new IllegalArgumentException(at + ": exists is true or false");
                }
                yield new ValueMatcher.Exists(operand.booleanValue());
            }
            case "numeric" -> numeric(operand, at);
            case "anything-but" -> anythingBut(operand, at);
            default ->
                throw new IllegalArgumentException(at + ": unknown operator " + operator.getKey()
                        + "; SNS knows prefix," + " suffix, anything-but, numeric, exists, equals-ignore-case");
        };
    }

    private static String text(JsonNode operand, String field) {
        if (!operand.isTextual() || operand.textValue().isEmpty()) {
            throw new IllegalArgumentException(field + ": needs a non-empty string");
        }
        return operand.textValue();
    }

    private static BigDecimal number(JsonNode value, String field) {
        BigDecimal n = value.decimalValue();
        if (n.abs().compareTo(MAX_NUMBER) > 0) {
            throw new IllegalArgumentException(field + ": " + value + " is outside SNS's numeric range, -1e9 to 1e9");
        }
        if (n.stripTrailingZeros().scale() > 5) {
            throw new IllegalArgumentException(field + ": " + value + " has more than five digits after the point");
        }
        return n;
    }

    private ValueMatcher anythingBut(JsonNode operand, String field) {
        if (operand.isObject()) {
            if (operand.size() == 1 && operand.has("prefix")) {
                return new ValueMatcher.AnythingButPrefix(text(operand.get("prefix"), field + ".prefix"));
            }
            if (operand.size() == 1 && operand.has("suffix")) {
                return new ValueMatcher.AnythingButSuffix(text(operand.get("suffix"), field + ".suffix"));
            }
            throw new IllegalArgumentException(field + ": anything-but takes a value, an array of values, {\"prefix\":"
                    + " …} or {\"suffix\": …}");
        }
        List<JsonNode> values = new ArrayList<>();
        if (operand.isArray()) {
            if (operand.isEmpty()) {
                throw new IllegalArgumentException(field + ": anything-but needs at least one value");
            }
            operand.forEach(values::add);
        } else {
            values.add(operand);
        }
        Set<String> strings = new HashSet<>();
        Set<BigDecimal> numbers = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            String at = operand.isArray() ? field + "[" + i + "]" : field;
            if (v.isTextual()) {
                strings.add(v.textValue());
            } else if (v.isNumber()) {
                numbers.add(number(v, at));
            } else {
                throw new IllegalArgumentException(at + ": anything-but values are strings or numbers");
            }
        }
        return new ValueMatcher.AnythingBut(Set.copyOf(strings), Set.copyOf(numbers));
    }

    /** {@code ["=", n]}, or one lower bound ({@code >}, {@code >=}) and/or one upper bound ({@code <}, {@code <=}), lower first. */
    private static ValueMatcher numeric(JsonNode operand, String field) {
        if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
            throw new IllegalArgumentException(
                    field + ": numeric is [\"<op>\", <number>] or a range such as" + " [\">\", 0, \"<=\", 150]");
        }
        BigDecimal lower = null;
        BigDecimal upper = null;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        for (int i = 0; i < operand.size(); i += 2) {
            JsonNode op = operand.get(i);
            JsonNode n = operand.get(i + 1);
            String at = field + "[" + (i + 1) + "]";
            if (!op.isTextual()) {
                throw new IllegalArgumentException(field + "[" + i + "]: an operator =, <, <=, > or >=, got " + op);
            }
            if (!n.isNumber()) {
                throw new IllegalArgumentException(at + ": a number, got " + n);
            }
            BigDecimal value = number(n, at);
            switch (op.textValue()) {
                case "=" -> {
                    if (operand.size() != 2) {
                        throw new IllegalArgumentException(field + ": = stands alone, as [\"=\", " + n + "]");
                    }
                    return new ValueMatcher.Numeric(value, true, value, true);
                }
                case ">", ">=" -> {
                    if (i != 0) {
                        throw new IllegalArgumentException(
                                field + "[" + i + "]: a range gives its lower bound (> or >=) first");
                    }
                    lower = value;
                    lowerInclusive = op.textValue().equals(">=");
                }
                case "<", "<=" -> {
                    if (upper != null) {
                        throw new IllegalArgumentException(field + "[" + i + "]: a range has one upper bound");
                    }
                    upper = value;
                    upperInclusive = op.textValue().equals("<=");
                }
                default ->
                    throw new IllegalArgumentException(
                            field + "[" + i + "]: unknown numeric operator " + op.textValue() + "; =, <, <=, > or >=");
            }
        }
        if (operand.size() == 4 && (lower == null || upper == null)) {
            throw new IllegalArgumentException(field + ": a range is a lower bound then an upper bound");
        }
        if (lower != null && upper != null && lower.compareTo(upper) >= 0) {
            throw new IllegalArgumentException(
                    field + ": the lower bound " + lower + " is not below the upper bound " + upper);
        }
        return new ValueMatcher.Numeric(lower, lowerInclusive, upper, upperInclusive);
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return List.copyOf(longer);
    }
}
