package dev.kfn.local;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;

/** Keys of Secrets in the embedded API, read as the kubelet reads them for a pod's {@code secretKeyRef}. */
final class SecretKeys {

    private final KubernetesClient client;

    SecretKeys(KubernetesClient client) {
        this.client = client;
    }

    /** Looks up {@code (secret, key)} in {@code namespace}, as {@link PodEnvironment#resolve} takes it. */
    BiFunction<String, String, Optional<String>> in(String namespace) {
        return (secret, key) -> get(namespace, secret, key);
    }

    Optional<String> get(String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        // the mock API keeps stringData as written; a cluster would have folded it into data
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key));
        }
        return Optional.ofNullable(secret.getData())
                .map(d -> d.get(key))
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
    }
}
