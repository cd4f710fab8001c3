package dev.kfn.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.gateway.AccountNamespaces;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kinesis PutRecord or PutRecords request, its action named by {@code X-Amz-Target}. The stream is
 * {@code StreamARN} {@code arn:aws:kinesis:<region>:<namespace>:stream/<name>} (kfn's ARNs put the namespace where
 * AWS puts the account), or {@code StreamName} in the namespace of the endpoint's path
 * ({@code /kinesis/<namespace>}), else in the default namespace. Pure.
 */
public record KinesisRequest(Action action, String namespace, String stream, JsonNode body) {

    public enum Action {
        PUT_RECORD,
        PUT_RECORDS
    }

    public static final String UNKNOWN_OPERATION = "UnknownOperationException";
    static final String TARGET_PREFIX = "Kinesis_20131202.";

    private static final Pattern STREAM_ARN = Pattern.compile("^arn:[^:]+:kinesis:[^:]*:([^:]*):stream/([^/:]+)$");

    /**
     * @param pathNamespace the endpoint path's namespace, if the request came to {@code /kinesis/<namespace>}
     * @throws StreamPutException for an action kfn does not serve, or a stream it cannot tell
     */
    public static KinesisRequest read(
            String target, JsonNode body, Optional<String> pathNamespace, AccountNamespaces namespaces) {
        Action action = action(target);
        String name = text(body, "StreamName");
        String arn = text(body, "StreamARN");
        if (arn != null) {
            Matcher match = STREAM_ARN.matcher(arn);
            if (!match.matches()) {
                throw StreamPutException.invalid(
                        "StreamARN: " + arn + " is not arn:aws:kinesis:<region>:<namespace>:stream/<name>");
            }
            String namespace = namespaces.namespaceOf(match.group(1));
            if (name != null && !name.equals(match.group(2))) {
                throw StreamPutException.invalid("StreamName " + name + " and StreamARN " + arn + " differ");
            }
            if (pathNamespace.isPresent() && !pathNamespace.get().equals(namespace)) {
                throw StreamPutException.invalid(
                        "StreamARN " + arn + " is not in the endpoint's namespace " + pathNamespace.get());
            }
            return new KinesisRequest(action, namespace, match.group(2), body);
        }
        if (name == null || name.isEmpty()) {
            throw StreamPutException.invalid("StreamName or StreamARN is required");
        }
        return new KinesisRequest(action, pathNamespace.orElseGet(() -> namespaces.namespaceOf("")), name, body);
    }

    /** The records, read with the limits of kfn's own put. */
    public StreamPut records() {
        return action == Action.PUT_RECORDS
                ? StreamPut.batch(body, StreamPut.Fields.KINESIS)
                : StreamPut.one(body, StreamPut.Fields.KINESIS);
    }

    private static Action action(String target) {
        if ((TARGET_PREFIX + "PutRecords").equals(target)) {
            return Action.PUT_RECORDS;
        }
        if ((TARGET_PREFIX + "PutRecord").equals(target)) {
            return Action.PUT_RECORD;
        }
        throw new StreamPutException(
                400,
                UNKNOWN_OPERATION,
                "kfn serves the Kinesis actions PutRecord and PutRecords only, not "
                        + (target == null ? "a request without X-Amz-Target" : target));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw StreamPutException.invalid(field + " is a string");
        }
        return value.asText();
    }
}
