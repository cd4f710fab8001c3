package dev.kfn.testsupport;

import dev.kfn.api.FunctionCrd;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/**
 * Installs the generated Function CRD in the Quarkus test API server before the application starts watching:
 * {@code @WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)}.
 */
public class FunctionCrdSetup implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        FunctionCrd.install(server.getClient());
    }
}
