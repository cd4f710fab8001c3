package dev.kfn.gateway.topic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.topic.MessageAttribute;
import dev.kfn.contract.TopicArn;
import dev.kfn.gateway.AccountNamespaces;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SNS's Query API {@code Publish}, as the AWS SDKs and CLI send it: a form with {@code Action=Publish},
 * {@code TopicArn} (the account is the namespace, as in function ARNs), {@code Message}, {@code Subject},
 * {@code MessageStructure=json} (the {@code lambda} key's message, else {@code default}'s), and
 * {@code MessageAttributes.entry.N.Name|Value.DataType|Value.StringValue|Value.BinaryValue}. Only Publish is served;
 * a phone number or platform endpoint as the target, and the FIFO-only group and de-duplication ids, are refused.
 * Pure.
 */
public final class SnsQuery {

    public static final String ACTION = "Publish";

    private static final Pattern ENTRY = Pattern.compile("^MessageAttributes\\.entry\\.(\\d+)\\.(.+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnsQuery() {}

    /** The form's fields, decoded; a repeated field keeps its last value. */
    public static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** @throws TopicException InvalidAction for another action, InvalidParameter for a field SNS would refuse */
    /** @param namespaces what the ARN's account field names: an AWS account id means the default namespace */
    public static PublishRequest read(Map<String, String> form, AccountNamespaces namespaces) {
        String action = form.get("Action");
        if (!ACTION.equals(action)) {
            throw new TopicException(
                    400,
                    TopicException.INVALID_ACTION,
                    "kfn serves the SNS action Publish only, not "
                            + (action == null ? "a request without Action" : action));
        }
        for (String refused : new String[] {"TargetArn", "PhoneNumber"}) {
            if (form.containsKey(refused)) {
                throw TopicException.invalidParameter(refused + ": kfn publishes to topics only; give TopicArn");
            }
        }
        for (String fifo : new String[] {"MessageGroupId", "MessageDeduplicationId"}) {
            if (form.containsKey(fifo)) {
                throw TopicException.invalidParameter(
                        fifo + ": kfn's topics are standard topics, without FIFO ordering or de-duplication");
            }
        }
        String arnText = form.get("TopicArn");
        if (arnText == null) {
            throw TopicException.invalidParameter("TopicArn is required");
        }
        TopicArn arn = TopicArn.parse(arnText)
                .orElseThrow(() -> TopicException.invalidParameter(
                        "TopicArn: " + arnText + " is not arn:aws:sns:<region>:<namespace>:<topic>"));
        return new PublishRequest(
                namespaces.namespaceOf(arn.namespace()),
                arn.topic(),
                message(form.get("Message"), form.get("MessageStructure")),
                Optional.ofNullable(form.get("Subject")),
                attributes(form));
    }

    private static String message(String message, String structure) {
        if (structure == null || message == null) {
            return message;
        }
        if (!structure.equals("json")) {
            throw TopicException.invalidParameter("MessageStructure: only json, got " + structure);
        }
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.path("default").isTextual()) {
            throw TopicException.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        return json.path("lambda").isTextual()
                ? json.get("lambda").textValue()
                : json.get("default").textValue();
    }

    private static Map<String, MessageAttribute> attributes(Map<String, String> form) {
        Map<Integer, Map<String, String>> entries = new java.util.TreeMap<>();
        for (Map.Entry<String, String> field : form.entrySet()) {
            Matcher m = ENTRY.matcher(field.getKey());
            if (m.matches()) {
                entries.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new LinkedHashMap<>())
                        .put(m.group(2), field.getValue());
            }
        }
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, String>> entry : entries.entrySet()) {
            Map<String, String> parts = entry.getValue();
            String name = parts.get("Name");
            String type = parts.get("Value.DataType");
            if (name == null || type == null) {
                throw TopicException.invalidParameter(
                        "MessageAttributes.entry." + entry.getKey() + " needs Name and Value.DataType");
            }
            String value = type.startsWith(MessageAttribute.BINARY)
                    ? parts.get("Value.BinaryValue")
                    : parts.get("Value.StringValue");
            if (attributes.put(name, new MessageAttribute(type, value)) != null) {
                throw TopicException.invalidParameter("The message attribute '" + name + "' is given twice");
            }
        }
        return attributes;
    }
}
