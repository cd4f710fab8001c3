package dev.kfn.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * Writes and removes functions' broker Secrets with {@code create} and {@code delete} alone: the password is
 * derived, so a Secret that already exists already holds it, and the operator needs no right to read any Secret.
 */
public final class IdentitySecrets {

    private final KubernetesClient client;

    public IdentitySecrets(KubernetesClient client) {
        this.client = client;
    }

    /** Creates the Secret; one already there is done. */
    public void create(Secret secret) {
        try {
            client.secrets()
                    .inNamespace(secret.getMetadata().getNamespace())
                    .resource(secret)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    /** Removes the Secret; one that is not there is removed already. */
    public void delete(String namespace, String name) {
        client.secrets().inNamespace(namespace).withName(name).delete();
    }
}
