package dev.kfn.gateway.it;

import dev.kfn.api.FunctionCrd;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/** Installs the generated Function CRD (from function-api's jar) in the test API server before the gateway starts its informer. */
public class FunctionCrdSetup implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        FunctionCrd.install(server.getClient());
    }
}
