package dev.kfn.gateway.topic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.topic.MessageAttribute;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SNS's rules for a published message, each refusal an {@code InvalidParameter} in SNS's words: 256 KB for the
 * message and its attributes together, a subject of at most 100 printable ASCII characters without line breaks, at
 * most 10 attributes with SNS's names, types and values. Pure.
 */
public final class PublishRules {

    /** 256 KiB, the message and every attribute's name, type and value counted together, as SNS counts. */
    public static final int MAX_BYTES = 256 * 1024;

    public static final int MAX_SUBJECT = 100;
    public static final int MAX_ATTRIBUTES = 10;

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.\\-]{1,256}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishRules() {}

    /** @throws TopicException InvalidParameter naming what breaks a rule */
    public static void check(PublishRequest request) {
        if (request.message() == null || request.message().isEmpty()) {
            throw TopicException.invalidParameter("Empty message");
        }
        request.subject().ifPresent(PublishRules::subject);
        if (request.attributes().size() > MAX_ATTRIBUTES) {
            throw TopicException.invalidParameter("Message attributes: at most " + MAX_ATTRIBUTES + ", got "
                    + request.attributes().size());
        }
        long bytes = utf8(request.message());
        for (Map.Entry<String, MessageAttribute> attribute :
                request.attributes().entrySet()) {
            attribute(attribute.getKey(), attribute.getValue());
            bytes += utf8(attribute.getKey())
                    + utf8(attribute.getValue().type())
                    + utf8(attribute.getValue().value());
        }
        if (bytes > MAX_BYTES) {
            throw TopicException.invalidParameter(
                    "Message too long: " + bytes + " bytes with its attributes, SNS's" + " limit is " + MAX_BYTES);
        }
    }

    private static void subject(String subject) {
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT) {
            throw TopicException.invalidParameter(
                    "Subject: 1 to " + MAX_SUBJECT + " characters, got " + subject.length());
        }
        if (!subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || subject.charAt(0) == ' ') {
            throw TopicException.invalidParameter("Subject: printable ASCII that does not start with a space, without"
                    + " line breaks or control characters");
        }
    }

    private static void attribute(String name, MessageAttribute attribute) {
        String at = "The message attribute '" + name + "'";
        if (!NAME.matcher(name).matches()
                || name.startsWith(".")
                || name.endsWith(".")
                || name.contains("..")
                || name.regionMatches(true, 0, "AWS.", 0, 4)
                || name.regionMatches(true, 0, "Amazon.", 0, 7)) {
            throw TopicException.invalidParameter(at + " has an invalid name: up to 256 letters, digits, _ - and ."
                    + " (not first, last or doubled), not starting with AWS. or Amazon.");
        }
        if (attribute.type() == null || !attribute.knownType()) {
            throw TopicException.invalidParameter(at + " has an invalid type '" + attribute.type() + "': String,"
                    + " String.Array, Number or Binary, optionally with a custom label (Number.float)");
        }
        if (attribute.value() == null || attribute.value().isEmpty()) {
            throw TopicException.invalidParameter(
                    at + " must contain a non-empty value of type '" + attribute.type() + "'");
        }
        switch (attribute.baseType()) {
            case MessageAttribute.NUMBER -> {
                try {
                    new BigDecimal(attribute.value().trim());
                } catch (NumberFormatException e) {
                    throw TopicException.invalidParameter(
                            at + " with type 'Number' must have a numeric value, got '" + attribute.value() + "'");
                }
            }
            case MessageAttribute.STRING_ARRAY -> stringArray(at, attribute.value());
            case MessageAttribute.BINARY -> {
                try {
                    Base64.getDecoder().decode(attribute.value());
                } catch (IllegalArgumentException e) {
                    throw TopicException.invalidParameter(at + " with type 'Binary' must be base64");
                }
            }
            default -> {}
        }
    }

    private static void stringArray(String at, String value) {
        JsonNode array;
        try {
            array = JSON.readTree(value);
        } catch (JacksonException e) {
            array = null;
        }
        boolean flat = array != null && array.isArray();
        if (flat) {
            for (JsonNode element : array) {
                flat &= element.isValueNode();
            }
        }
        if (!flat) {
            throw TopicException.invalidParameter(at + " with type 'String.Array' must be a JSON array of strings,"
                    + " numbers, true, false or null, got " + value);
        }
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
