package dev.kfn.gateway.auth;

import dev.kfn.gateway.GatewayConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys from Kubernetes Secrets labelled {@value #LABEL}: the value under {@value #KEY} lets its holder invoke
 * the functions of the Secret's namespace. Only SHA-256 digests are kept in memory, keyed by digest, so a
 * presented key is looked up by its digest and never stored or logged.
 */
@ApplicationScoped
public class ApiKeys {

    public static final String LABEL = "kfn.dev/api-key";
    public static final String KEY = "key";

    private final KubernetesClient client;
    private final boolean enabled;
    /** digest of a key → namespace of its Secret; Secret namespace/name → digest, to forget a key when its Secret changes. */
    private final Map<String, String> namespaces = new ConcurrentHashMap<>();

    private final Map<String, String> digestsBySecret = new ConcurrentHashMap<>();
    private SharedIndexInformer<Secret> informer;

    public ApiKeys(KubernetesClient client, GatewayConfig config) {
        this.client = client;
        this.enabled = config.auth().enabled();
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        informer = client.secrets()
                .inAnyNamespace()
                .withLabel(LABEL)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Secret secret) {
                                remember(secret);
                            }

                            @Override
                            public void onUpdate(Secret before, Secret after) {
                                forget(before);
                                remember(after);
                            }

                            @Override
                            public void onDelete(Secret secret, boolean finalStateUnknown) {
                                forget(secret);
                            }
                        },
                        0);
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** The namespace whose functions this key may invoke; empty for a key no Secret holds. */
    public Optional<String> namespaceOf(String presentedKey) {
        return Optional.ofNullable(namespaces.get(digest(presentedKey.getBytes(StandardCharsets.UTF_8))));
    }

    private void remember(Secret secret) {
        Optional.ofNullable(secret.getData()).map(data -> data.get(KEY)).ifPresent(encoded -> {
            String digest = digest(Base64.getDecoder().decode(encoded));
            namespaces.put(digest, secret.getMetadata().getNamespace());
            digestsBySecret.put(Cache.metaNamespaceKeyFunc(secret), digest);
        });
    }

    private void forget(Secret secret) {
        Optional.ofNullable(digestsBySecret.remove(Cache.metaNamespaceKeyFunc(secret)))
                .ifPresent(namespaces::remove);
    }

    static String digest(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
