package dev.kfn.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Function CRD this module generates at build time, as shipped inside its jar. */
public final class FunctionCrd {

    private static final String RESOURCE = "/META-INF/fabric8/functions.kfn.dev-v1.yml";

    private FunctionCrd() {}

    /** Installs the CRD in an API server that has none yet: the embedded one of kfn local, a test's mock server. */
    public static void install(KubernetesClient client) {
        try (InputStream crd = FunctionCrd.class.getResourceAsStream(RESOURCE)) {
            CustomResourceDefinition definition =
                    client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class);
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(definition)
                    .create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
