package dev.kfn.operator.clusterevent;

import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of a function's clusterEvent triggers the operator cannot watch, asked of the API server itself: the kind
 * does not exist, or the operator's ClusterRole does not let it list and watch that resource there (the chart
 * grants both verbs together, from {@code clusterEvents.watch}). Triggers whose spec is wrong are left to
 * {@link ClusterEventFilter}, reported by TriggerCheck.
 */
public final class ClusterEventAccess {

    private ClusterEventAccess() {}

    /** @param otherNamespaces whether a trigger may watch a namespace other than its Function's */
    public static List<String> problems(KubernetesClient client, Function fn, boolean otherNamespaces) {
        List<String> problems = new ArrayList<>();
        List<Trigger> triggers = fn.getSpec().getTriggers();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger trigger = triggers.get(i);
            if (trigger.getClusterEvent() == null || trigger.kind().isEmpty()) {
                continue;
            }
            String field = "spec.triggers[" + i + "].clusterEvent";
            WatchKey key = WatchKey.of(fn.id(), trigger.getClusterEvent());
            try {
                ClusterEventFilter.read(key, trigger.getClusterEvent(), field);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!allowed(fn, key, otherNamespaces)) {
                problems.add(field + ".namespace: " + key.namespace() + " is not the Function's namespace, and"
                        + " this operator watches no other namespace for a Function"
                        + " (kfn.cluster-events.allow-other-namespaces)");
                continue;
            }
            problem(client, key).ifPresent(p -> problems.add(field + ": " + p));
        }
        return problems;
    }

    static boolean allowed(Function fn, WatchKey key, boolean otherNamespaces) {
        return otherNamespaces || key.namespace().equals(fn.getMetadata().getNamespace());
    }

    /** Why the operator cannot watch {@code key}, if it cannot. */
    static Optional<String> problem(KubernetesClient client, WatchKey key) {
        WatchedKind kind;
        try {
            kind = WatchedKind.resolve(client, key);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        } catch (KubernetesClientException e) {
            return Optional.of("the API server did not say whether it serves " + key.kind() + ": " + e.getMessage());
        }
        try {
            kind.objects(client)
                    .list(new ListOptionsBuilder()
                            .withLimit(1L)
                            .withLabelSelector(key.labelSelector().orElse(null))
                            .build());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of(refusal(kind, e));
        }
    }

    static String refusal(WatchedKind kind, KubernetesClientException e) {
        WatchKey key = kind.key();
        return switch (e.getCode()) {
            case HttpURLConnection.HTTP_FORBIDDEN ->
                "the operator may not watch " + kind.plural()
                        + (key.group().isEmpty() ? "" : "." + key.group()) + " in namespace " + key.namespace()
                        + ": its ClusterRole needs list and watch on " + kind.rule()
                        + " (add it to the chart's clusterEvents.watch)";
            case HttpURLConnection.HTTP_NOT_FOUND ->
                "the API server serves no kind " + key.kind() + " in " + key.apiVersion();
            default -> "the API server refused to list " + kind.plural() + ": " + e.getMessage();
        };
    }
}
