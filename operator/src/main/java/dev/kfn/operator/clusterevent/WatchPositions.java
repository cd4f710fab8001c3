package dev.kfn.operator.clusterevent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each watch had delivered up to, kept in a ConfigMap of the operator's namespace (data: watch id →
 * resourceVersion) so that a new leader or a restarted operator resumes each watch there instead of at "now": a
 * change made while no leader watched is delivered late rather than never, as long as the API server still keeps
 * it (etcd compacts after about five minutes; past that the watch starts afresh and says so in the log).
 */
final class WatchPositions {

    static final String CONFIG_MAP = "kfn-cluster-event-positions";

    private final KubernetesClient client;
    private final Optional<String> namespace;

    WatchPositions(KubernetesClient client, Optional<String> namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    Map<String, String> read() {
        if (namespace.isEmpty()) {
            return new HashMap<>();
        }
        ConfigMap positions = client.configMaps()
                .inNamespace(namespace.get())
                .withName(CONFIG_MAP)
                .get();
        return positions == null || positions.getData() == null ? new HashMap<>() : new HashMap<>(positions.getData());
    }

    void write(Map<String, String> positions) {
        if (namespace.isEmpty()) {
            return;
        }
        client.configMaps()
                .inNamespace(namespace.get())
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(CONFIG_MAP)
                        .withNamespace(namespace.get())
                        .endMetadata()
                        .withData(positions)
                        .build())
                .createOr(NonDeletingOperation::update);
    }
}
