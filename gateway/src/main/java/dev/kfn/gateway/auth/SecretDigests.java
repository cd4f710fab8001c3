package dev.kfn.gateway.auth;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
 * The values of one Secret name in every namespace, each a credential for that namespace. Only Secrets of that name
 * are listed and watched (a field selector on {@code metadata.name}), so the gateway's RBAC can grant Secrets by
 * that resource name alone. Only SHA-256 digests are kept in memory, so a presented credential is looked up by its
 * digest and never stored or logged.
 */
public final class SecretDigests {

    private final String secret;
    /** namespace → digests of the values its Secret holds; replaced whole when the Secret changes. */
    private final Map<String, Set<String>> digestsByNamespace = new ConcurrentHashMap<>();

    private SharedIndexInformer<Secret> informer;

    public SecretDigests(String secret) {
        this.secret = secret;
    }

    public void start(KubernetesClient client) {
        informer = client.secrets()
                .inAnyNamespace()
                .withField("metadata.name", secret)
                .inform(
                        new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Secret added) {
                                remember(added);
                            }

                            @Override
                            public void onUpdate(Secret before, Secret after) {
                                remember(after);
                            }

                            @Override
                            public void onDelete(Secret deleted, boolean finalStateUnknown) {
                                digestsByNamespace.remove(deleted.getMetadata().getNamespace());
                            }
                        },
                        0);
    }

    public void stop() {
        if (informer != null) {
            informer.close();
        }
    }

    /** True once the first list has arrived; before that, every credential would look unknown. */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /** Whether {@code namespace}'s Secret holds this value. */
    public boolean grants(String namespace, String presented) {
        return digestsByNamespace.getOrDefault(namespace, Set.of()).contains(digest(presented));
    }

    /** Whether any namespace's Secret holds this value. */
    public boolean known(String presented) {
        String digest = digest(presented);
        return digestsByNamespace.values().stream().anyMatch(digests -> digests.contains(digest));
    }

    private void remember(Secret changed) {
        Set<String> digests = Optional.ofNullable(changed.getData()).orElse(Map.of()).values().stream()
                .map(encoded -> digest(Base64.getDecoder().decode(encoded)))
                .collect(Collectors.toUnmodifiableSet());
        digestsByNamespace.put(changed.getMetadata().getNamespace(), digests);
    }

    private static String digest(String presented) {
        return digest(presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
