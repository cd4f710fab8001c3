package dev.kfn.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** A container's environment as the kubelet would resolve it: literal values, the pod's own fields, Secret keys. */
public final class PodEnvironment {

    private PodEnvironment() {}

    /**
     * @param secretKey looks up a key of a Secret in the pod's namespace
     * @throws IllegalStateException when a required Secret key is missing, as the kubelet refuses to start such a pod
     */
    public static Map<String, String> resolve(
            Container container,
            String podName,
            String namespace,
            BiFunction<String, String, Optional<String>> secretKey) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(java.util.List.of())) {
            EnvVarSource from = var.getValueFrom();
            if (from == null) {
                env.put(var.getName(), Optional.ofNullable(var.getValue()).orElse(""));
            } else if (from.getFieldRef() != null) {
                String path = from.getFieldRef().getFieldPath();
                env.put(
                        var.getName(),
                        switch (path) {
                            case "metadata.name" -> podName;
                            case "metadata.namespace" -> namespace;
                            default ->
                                throw new IllegalStateException(
                                        "env " + var.getName() + ": field " + path + " is not available locally");
                        });
            } else if (from.getSecretKeyRef() != null) {
                var ref = from.getSecretKeyRef();
                Optional<String> value = secretKey.apply(ref.getName(), ref.getKey());
                if (value.isPresent()) {
                    env.put(var.getName(), value.get());
                } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                    throw new IllegalStateException("env " + var.getName() + ": Secret " + namespace + "/"
                            + ref.getName() + " has no key " + ref.getKey());
                }
            } else {
                throw new IllegalStateException(
                        "env " + var.getName() + ": only values, fieldRef and secretKeyRef run locally");
            }
        }
        return env;
    }
}
