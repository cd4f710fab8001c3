package dev.kfn.gateway.auth;

import dev.kfn.gateway.GatewayConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * API keys from the Secret named {@value #SECRET} of each namespace: every data entry is one key that lets its
 * holder invoke the functions of that namespace. Only Secrets of that name are listed and watched (a field
 * selector on {@code metadata.name}), so the gateway's RBAC can grant Secrets by that resource name alone. Only
 * SHA-256 digests are kept in memory, so a presented key is looked up by its digest and never stored or logged.
 */
@ApplicationScoped
public class ApiKeys {

    public static final String SECRET = "kfn-api-keys";

    private final KubernetesClient client;
    private final boolean enabled;
    /** namespace → digests of the keys its {@value #SECRET} holds; replaced whole when the Secret changes. */
    private final Map<String, Set<String>> digestsByNamespace = new ConcurrentHashMap<>();

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
                .withField("metadata.name", SECRET)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Secret secret) {
                                remember(secret);
                            }

                            @Override
                            public void onUpdate(Secret before, Secret after) {
                                remember(after);
                            }

                            @Override
                            public void onDelete(Secret secret, boolean finalStateUnknown) {
                                digestsByNamespace.remove(secret.getMetadata().getNamespace());
                            }
                        },
                        0);
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Whether {@code namespace}'s {@value #SECRET} holds this key. */
    public boolean grants(String presentedKey, String namespace) {
        return digestsByNamespace
                .getOrDefault(namespace, Set.of())
                .contains(digest(presentedKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether any namespace's {@value #SECRET} holds this key. */
    public boolean known(String presentedKey) {
        String digest = digest(presentedKey.getBytes(StandardCharsets.UTF_8));
        return digestsByNamespace.values().stream().anyMatch(digests -> digests.contains(digest));
    }

    private void remember(Secret secret) {
        Set<String> digests = Optional.ofNullable(secret.getData()).orElse(Map.of()).values().stream()
                .map(encoded -> digest(Base64.getDecoder().decode(encoded)))
                .collect(Collectors.toUnmodifiableSet());
        digestsByNamespace.put(secret.getMetadata().getNamespace(), digests);
    }

    static String digest(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
