package dev.kfn.gateway.objectstore;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The tokens an object store presents to the webhook of a namespace, from that namespace's Secret named
 * {@value #SECRET}: every data entry is one token. Only Secrets of that name are listed and watched (a field
 * selector on {@code metadata.name}), so the gateway's RBAC grants Secrets by that name alone; only SHA-256
 * digests are kept. A namespace without the Secret admits no notification.
 */
@ApplicationScoped
public class ObjectStoreTokens {

    public static final String SECRET = "kfn-object-store-tokens";

    private final KubernetesClient client;
    private final Map<String, Set<String>> digestsByNamespace = new ConcurrentHashMap<>();
    private SharedIndexInformer<Secret> informer;

    public ObjectStoreTokens(KubernetesClient client) {
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
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

    /** True once the first list has arrived; before that, every token would look unknown. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /** Whether {@code namespace}'s {@value #SECRET} holds this token. */
    public boolean grants(String namespace, String token) {
        return digestsByNamespace
                .getOrDefault(namespace, Set.of())
                .contains(digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private void remember(Secret secret) {
        Set<String> digests = Optional.ofNullable(secret.getData()).orElse(Map.of()).values().stream()
                .map(encoded -> digest(Base64.getDecoder().decode(encoded)))
                .collect(Collectors.toUnmodifiableSet());
        digestsByNamespace.put(secret.getMetadata().getNamespace(), digests);
    }

    private static String digest(byte[] token) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
