package dev.kfn.api.topic;

import java.util.Set;

/**
 * One SNS message attribute as a publisher sends it and a handler receives it: {@code Type} is {@code String},
 * {@code String.Array}, {@code Number} or {@code Binary} (a custom label may follow the type after a dot, as in
 * {@code Number.float}); {@code Value} is text (base64 for Binary).
 */
public record MessageAttribute(String type, String value) {

    public static final String STRING = "String";
    public static final String NUMBER = "Number";
    public static final String STRING_ARRAY = "String.Array";
    public static final String BINARY = "Binary";

    private static final Set<String> BASE_TYPES = Set.of(STRING, NUMBER, BINARY);

    /** The data type without a custom label: {@code Number.float} is a Number; {@code String.Array} stays itself. */
    public String baseType() {
        if (STRING_ARRAY.equals(type)) {
            return STRING_ARRAY;
        }
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    /** Whether the type is one SNS accepts: a base type, optionally with a custom label, or String.Array. */
    public boolean knownType() {
        return STRING_ARRAY.equals(type) || BASE_TYPES.contains(baseType()) && !type.endsWith(".");
    }
}
