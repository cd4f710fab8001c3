package dev.kfn.gateway.dbchange;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL column value (text form, as pgoutput sends it) as a DynamoDB attribute value: booleans {@code BOOL},
 * numbers {@code N}, {@code bytea} {@code B}, {@code json}/{@code jsonb} objects {@code M} and arrays {@code L}
 * (their members typed the same way), SQL NULL {@code NULL}, everything else {@code S} in PostgreSQL's own text.
 * Pure.
 */
public final class AttributeValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final int BOOL = 16;
    static final int BYTEA = 17;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int OID = 26;
    static final int JSON_TYPE = 114;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int NUMERIC = 1700;
    static final int JSONB = 3802;

    private AttributeValues() {}

    public static AttributeValue of(int typeOid, String text) {
        if (text == null) {
            return new AttributeValue().withNULL(true);
        }
        return switch (typeOid) {
            case BOOL -> new AttributeValue().withBOOL(text.equals("t"));
            case INT2, INT4, INT8, OID -> new AttributeValue().withN(text);
            // DynamoDB numbers have no NaN or infinities: those stay text
            case FLOAT4, FLOAT8, NUMERIC ->
                text.chars().anyMatch(Character::isLetter) && !text.contains("e") && !text.contains("E")
                        ? new AttributeValue().withS(text)
                        : new AttributeValue().withN(text);
            case BYTEA -> new AttributeValue().withB(ByteBuffer.wrap(bytea(text)));
            case JSON_TYPE, JSONB -> json(text);
            default -> new AttributeValue().withS(text);
        };
    }

    /** PostgreSQL's hex output ({@code \x0a1b}), its default since 9.0. */
    private static byte[] bytea(String text) {
        if (text.startsWith("\\x")) {
            return HexFormat.of().parseHex(text.substring(2));
        }
        throw new IllegalArgumentException("bytea not in hex output (set bytea_output = 'hex'): " + text);
    }

    private static AttributeValue json(String text) {
        try {
            return json(JSON.readTree(text));
        } catch (IOException e) {
            return new AttributeValue().withS(text);
        }
    }

    private static AttributeValue json(JsonNode node) {
        if (node == null || node.isNull()) {
            return new AttributeValue().withNULL(true);
        }
        if (node.isObject()) {
            Map<String, AttributeValue> members = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> members.put(e.getKey(), json(e.getValue())));
            return new AttributeValue().withM(members);
        }
        if (node.isArray()) {
            List<AttributeValue> items = new ArrayList<>();
            node.forEach(item -> items.add(json(item)));
            return new AttributeValue().withL(items);
        }
        if (node.isBoolean()) {
            return new AttributeValue().withBOOL(node.booleanValue());
        }
        if (node.isNumber()) {
            return new AttributeValue().withN(node.asText());
        }
        return new AttributeValue().withS(node.asText());
    }
}
