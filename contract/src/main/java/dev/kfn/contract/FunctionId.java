package dev.kfn.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A function's identity everywhere in kfn: its Kubernetes namespace and name. Written {@code <namespace>/<name>}
 * wherever it travels as text (wake messages, destinations, logs, metrics tags).
 */
public record FunctionId(String namespace, String name) {

    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    public FunctionId {
        if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "a function needs a namespace and a name, got " + namespace + "/" + name);
        }
    }

    /** Reads {@code <namespace>/<name>}; empty when the text has another shape. */
    public static Optional<FunctionId> parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new FunctionId(text.substring(0, slash), text.substring(slash + 1)));
    }

    /** True when both parts are DNS labels, as Kubernetes namespaces and kfn function names are. */
    public static boolean isLabel(String value) {
        return value != null && LABEL.matcher(value).matches();
    }

    public QueueNames queues() {
        return new QueueNames(this);
    }

    /** Lambda's {@code AWS_LAMBDA_LOG_GROUP_NAME} of the function. */
    public String logGroup() {
        return "/kfn/" + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
