package dev.kfn.operator.clusterevent;

import dev.kfn.api.ClusterEventTrigger;
import dev.kfn.contract.FunctionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What one watch of the API server covers. Functions asking for the same kind, namespace and selector share it;
 * their event types and Event filters are applied to its changes per function.
 */
public record WatchKey(String apiVersion, String kind, String namespace, Optional<String> labelSelector) {

    /** The trigger's namespace, or the function's own when it names none. */
    public static WatchKey of(FunctionId function, ClusterEventTrigger trigger) {
        String namespace =
                trigger.getNamespace() == null || trigger.getNamespace().isBlank()
                        ? function.namespace()
                        : trigger.getNamespace();
        return new WatchKey(
                trigger.getApiVersion(), trigger.getKind(), namespace, Optional.ofNullable(trigger.getLabelSelector()));
    }

    /** A core/v1 Event, which carries a reason, a type and the object it is about. */
    public boolean coreEvent() {
        return "v1".equals(apiVersion) && "Event".equals(kind);
    }

    /** The API group RBAC names; "" for the core group. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** A short stable name, fit for a ConfigMap data key. */
    public String id() {
        String text = apiVersion + "|" + kind + "|" + namespace + "|" + labelSelector.orElse("");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "w" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return apiVersion + " " + kind + " in " + namespace
                + labelSelector.map(s -> " [" + s + "]").orElse("");
    }
}
