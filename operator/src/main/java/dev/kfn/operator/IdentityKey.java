package dev.kfn.operator;

import dev.kfn.contract.broker.IdentityKeySecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The operator's identity key ({@link KfnConfig.Broker#identityKey()}): from configuration, or from the one Secret
 * of its own namespace it may read, which it creates with a random key when absent (two replicas starting at once
 * agree: the second one's create is refused and it reads the first one's).
 */
public final class IdentityKey {

    private IdentityKey() {}

    public static String resolve(KfnConfig config, KubernetesClient client) {
        Optional<String> given = config.broker().identityKey().filter(k -> !k.isBlank());
        if (given.isPresent()) {
            return given.get();
        }
        if (config.broker().identityKeySecret().isEmpty()
                || config.operatorNamespace().isEmpty()) {
            throw new IllegalStateException("kfn needs the key function broker passwords are derived from: set"
                    + " kfn.broker.identity-key (KFN_BROKER_IDENTITY_KEY), or kfn.broker.identity-key-secret with"
                    + " kfn.operator-namespace (KFN_BROKER_IDENTITY_KEY_SECRET, KFN_OPERATOR_NAMESPACE)");
        }
        return fromSecret(
                client,
                config.operatorNamespace().get(),
                config.broker().identityKeySecret().get());
    }

    static String fromSecret(KubernetesClient client, String namespace, String name) {
        Optional<String> existing = read(client, namespace, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] random = new byte[36];
        new SecureRandom().nextBytes(random);
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "kfn")
                .endMetadata()
                .withType("Opaque")
                .addToStringData(IdentityKeySecret.KEY, Base64.getEncoder().encodeToString(random))
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        return read(client, namespace, name)
                .orElseThrow(() -> new IllegalStateException("Secret " + namespace + "/" + name + " has no "
                        + IdentityKeySecret.KEY + " just after it was created"));
    }

    private static Optional<String> read(KubernetesClient client, String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().get(IdentityKeySecret.KEY) != null) {
            return Optional.of(new String(
                    Base64.getDecoder().decode(secret.getData().get(IdentityKeySecret.KEY)), StandardCharsets.UTF_8));
        }
        if (secret.getStringData() != null && secret.getStringData().get(IdentityKeySecret.KEY) != null) {
            return Optional.of(secret.getStringData().get(IdentityKeySecret.KEY));
        }
        throw new IllegalStateException("Secret " + namespace + "/" + name + " holds no " + IdentityKeySecret.KEY
                + ": put the identity key under " + IdentityKeySecret.KEY
                + ", or delete the Secret to have a new one made");
    }
}
