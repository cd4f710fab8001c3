package dev.kfn.api.topic;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/** One value of a filter policy's array: a message property matches the array when any of its values matches one. */
sealed interface ValueMatcher {

    boolean matches(JsonNode value);

    record ExactString(String expected) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isTextual() && value.textValue().equals(expected);
        }
    }

    record ExactNumber(BigDecimal expected) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isNumber() && value.decimalValue().compareTo(expected) == 0;
        }
    }

    record ExactBoolean(boolean expected) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isBoolean() && value.booleanValue() == expected;
        }
    }

    record Null() implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isNull();
        }
    }

    record Prefix(String prefix) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isTextual() && value.textValue().startsWith(prefix);
        }
    }

    record Suffix(String suffix) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isTextual() && value.textValue().endsWith(suffix);
        }
    }

    record EqualsIgnoreCase(String expected) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isTextual()
                    && value.textValue().toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT));
        }
    }

    /** Any value but these strings and numbers, of whatever type. */
    record AnythingBut(Set<String> strings, Set<BigDecimal> numbers) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            if (value.isTextual()) {
                return !strings.contains(value.textValue());
            }
            if (value.isNumber()) {
                return numbers.stream().noneMatch(n -> n.compareTo(value.decimalValue()) == 0);
            }
            return true;
        }
    }

    /** A string that does not start with the prefix. */
    record AnythingButPrefix(String prefix) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isTextual() && !value.textValue().startsWith(prefix);
        }
    }

    /** A string that does not end with the suffix. */
    record AnythingButSuffix(String suffix) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return value.isTextual() && !value.textValue().endsWith(suffix);
        }
    }

    /** A number within bounds; a null bound is open. {@code ["=", n]} is both bounds inclusive at n. */
    record Numeric(BigDecimal lower, boolean lowerInclusive, BigDecimal upper, boolean upperInclusive)
            implements ValueMatcher {
        public boolean matches(JsonNode value) {
            if (!value.isNumber()) {
                return false;
            }
            BigDecimal n = value.decimalValue();
            if (lower != null) {
                int c = n.compareTo(lower);
                if (c < 0 || c == 0 && !lowerInclusive) {
                    return false;
                }
            }
            if (upper != null) {
                int c = n.compareTo(upper);
                return c < 0 || c == 0 && upperInclusive;
            }
            return true;
        }
    }

    /** Whether the property is there at all, which the property's {@link Condition.Field} decides. */
    record Exists(boolean present) implements ValueMatcher {
        public boolean matches(JsonNode value) {
            return present;
        }
    }
}
