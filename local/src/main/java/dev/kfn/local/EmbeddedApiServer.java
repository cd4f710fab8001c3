package dev.kfn.local;

import dev.kfn.api.FunctionCrd;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kubernetes API on localhost for kfn local: the Fabric8 mock server in CRUD mode, which stores and
 * watches objects like an API server but runs no controllers (the node agent plays those kfn needs).
 */
public final class EmbeddedApiServer implements AutoCloseable {

    /** Held, because java.util.logging forgets the level of a logger nobody references; one line per request is noise. */
    private static final java.util.logging.Logger REQUEST_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    private KubernetesClient client;

    /** Starts the server with the Function CRD, the namespace and the broker Secret the function pods read. */
    public EmbeddedApiServer start(int port, String namespace, Map<String, String> brokerCredentials) {
        server.init(InetAddress.getLoopbackAddress(), port);
        client = server.createClient();
        FunctionCrd.install(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
            .withNewMetadata().withName("kfn-broker").withNamespace(namespace).endMetadata()
            .withStringData(brokerCredentials)
            .build()).create();
        return this;
    }

    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        server.destroy();
    }
}
