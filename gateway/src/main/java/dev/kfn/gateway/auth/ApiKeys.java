package dev.kfn.gateway.auth;

import dev.kfn.gateway.GatewayConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * API keys from the Secret named {@value #SECRET} of each namespace: every data entry is one key that lets its
 * holder invoke the functions of that namespace ({@link SecretDigests}: only that Secret name is read, and only
 * digests are kept).
 */
@ApplicationScoped
public class ApiKeys {

    public static final String SECRET = "kfn-api-keys";

    private final KubernetesClient client;
    private final boolean enabled;
    private final SecretDigests keys = new SecretDigests(SECRET);

    public ApiKeys(KubernetesClient client, GatewayConfig config) {
        this.client = client;
        this.enabled = config.auth().enabled();
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            keys.start(client);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        keys.stop();
    }

    /** Whether {@code namespace}'s {@value #SECRET} holds this key. */
    public boolean grants(String presentedKey, String namespace) {
        return keys.grants(namespace, presentedKey);
    }

    /** Whether any namespace's {@value #SECRET} holds this key. */
    public boolean known(String presentedKey) {
        return keys.known(presentedKey);
    }
}
