package dev.kfn.local;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kubeconfig kfn local writes for its embedded API, so {@code KUBECONFIG=.kfn/kubeconfig kubectl get fn} (or any
 * tool that reads kubeconfig) works against it without touching the user's own {@code ~/.kube/config}.
 */
final class LocalKubeconfig {

    static final String CONTEXT = "kfn-local";

    private LocalKubeconfig() {}

    static Config of(String serverUrl, String namespace) {
        return new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                .withName(CONTEXT)
                .withNewCluster()
                .withServer(serverUrl)
                .endCluster()
                .endCluster()
                .addNewUser()
                .withName(CONTEXT)
                .withNewUser()
                .endUser()
                .endUser()
                .addNewContext()
                .withName(CONTEXT)
                .withNewContext()
                .withCluster(CONTEXT)
                .withUser(CONTEXT)
                .withNamespace(namespace)
                .endContext()
                .endContext()
                .withCurrentContext(CONTEXT)
                .build();
    }

    static Path write(Path file, String serverUrl, String namespace) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, new KubernetesSerialization().asYaml(of(serverUrl, namespace)));
    }
}
