package dev.kfn.operator;

import dev.kfn.api.FunctionCrd;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/** Installs the generated Function CRD in the test API server before the operator starts watching. */
public class FunctionCrdSetup implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        FunctionCrd.install(server.getClient());
    }
}
