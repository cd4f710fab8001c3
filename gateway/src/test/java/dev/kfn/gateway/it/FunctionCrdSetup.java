package dev.kfn.gateway.it;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Installs the generated Function CRD (from function-api's jar) in the test API server before the gateway starts its informer. */
public class FunctionCrdSetup implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        try (InputStream crd = getClass().getResourceAsStream("/META-INF/fabric8/functions.kfn.dev-v1.yml")) {
            CustomResourceDefinition definition = server.getClient().getKubernetesSerialization()
                .unmarshal(crd, CustomResourceDefinition.class);
            server.getClient().apiextensions().v1().customResourceDefinitions().resource(definition).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
