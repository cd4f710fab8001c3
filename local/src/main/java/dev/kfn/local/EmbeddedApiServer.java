package dev.kfn.local;

import dev.kfn.api.FunctionCrd;
import dev.kfn.local.apiserver.HttpWatchStream;
import dev.kfn.local.apiserver.KubeApiDispatcher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kubernetes API on localhost for kfn local: Fabric8's mock store in CRUD mode, which stores and watches objects
 * like an API server but runs no controllers (the node agent plays those kfn needs), behind a dispatcher that adds
 * what kubectl needs (discovery, OpenAPI, Tables) and a stream for the plain-HTTP watches kubectl makes.
 */
public final class EmbeddedApiServer implements AutoCloseable {

    private final KubeApiDispatcher dispatcher =
            new KubeApiDispatcher(new KubernetesCrudDispatcher(), new KubernetesSerialization());
    private Vertx vertx;
    private HttpServer server;
    private String host;
    private KubernetesClient client;

    /** Starts the server on loopback; see {@link #start(String, int, String)}. */
    public EmbeddedApiServer start(int port, String namespace) {
        return start(LocalSettings.LOOPBACK, port, namespace);
    }

    /** Starts the server on {@code host} with kfn's CRDs and the namespace functions are applied to. */
    public EmbeddedApiServer start(String host, int port, String namespace) {
        this.host = host;
        vertx = Vertx.vertx();
        HttpWatchStream watches = new HttpWatchStream(dispatcher);
        HttpServerRequestHandler store = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatcher.dispatch(request);
            }
        };
        server = vertx.createHttpServer(
                        new HttpServerOptions().setHost(host).setPort(port).setHandle100ContinueAutomatically(true))
                .requestHandler(request -> {
                    if (HttpWatchStream.accepts(request)) {
                        watches.handle(request);
                    } else {
                        store.handle(request);
                    }
                });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException(
                    "the embedded Kubernetes API cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the embedded Kubernetes API", e);
        }
        // Config.empty(): never a developer's kubeconfig or service account
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(url())
                        .withNamespace(namespace)
                        .build())
                .build();
        FunctionCrd.install(client);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        return this;
    }

    public String url() {
        return "http://" + LocalSettings.reachableHost(host) + ":" + server.actualPort();
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.close()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }
}
