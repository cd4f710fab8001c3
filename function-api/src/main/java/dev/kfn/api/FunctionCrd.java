package dev.kfn.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The CRDs this module generates at build time (Function, Topic and Stream), as shipped inside its jar. */
public final class FunctionCrd {

    private static final List<String> RESOURCES = List.of(
            "/META-INF/fabric8/functions.kfn.dev-v1.yml",
            "/META-INF/fabric8/topics.kfn.dev-v1.yml",
            "/META-INF/fabric8/streams.kfn.dev-v1.yml");

    private FunctionCrd() {}

    /** Installs the CRDs in an API server that has none yet: the embedded one of kfn local, a test's mock server. */
    public static void install(KubernetesClient client) {
        RESOURCES.forEach(resource -> install(client, resource));
    }

    private static void install(KubernetesClient client, String resource) {
        try (InputStream crd = FunctionCrd.class.getResourceAsStream(resource)) {
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
