package dev.kfn.gateway.objectstore;

import dev.kfn.gateway.auth.SecretDigests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The tokens an object store presents to the webhook of a namespace, from that namespace's Secret named
 * {@value #SECRET}: every data entry is one token ({@link SecretDigests}: only that Secret name is read, and only
 * digests are kept). A namespace without the Secret admits no notification.
 */
@ApplicationScoped
public class ObjectStoreTokens {

    public static final String SECRET = "kfn-object-store-tokens";

    private final KubernetesClient client;
    private final SecretDigests tokens = new SecretDigests(SECRET);

    public ObjectStoreTokens(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        tokens.start(client);
    }

    void stop(@Observes ShutdownEvent event) {
        tokens.stop();
    }

    /** True once the first list has arrived; before that, every token would look unknown. */
    public boolean synced() {
        return tokens.synced();
    }

    /** Whether {@code namespace}'s {@value #SECRET} holds this token. */
    public boolean grants(String namespace, String token) {
        return tokens.grants(namespace, token);
    }
}
