package dev.kfn.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the kubelet for the chart's own Deployments (the operator, the gateway): each replica runs as the module's
 * packaged application in a {@link SupervisedService}, with the environment the kubelet would give its container
 * (the chart's literal values, field references and Secret keys), the probes the container declares, and the
 * machine's way of reaching the embedded API in place of a service account. A Deployment whose module is not built
 * runs nothing.
 */
final class ReleasePods implements AutoCloseable {

    static final String COMPONENT = "app.kubernetes.io/component";
    /** The gateway's first replica listens where kfn local's callers expect it. */
    private static final String GATEWAY = "gateway";

    private final LocalSettings settings;
    private final KubernetesClient client;
    private final String apiUrl;
    private final Path logs;
    private final SecretKeys secretKeys;
    private final Map<String, List<Replica>> components = new LinkedHashMap<>();

    private record Replica(SupervisedService service, int port) {}

    ReleasePods(LocalSettings settings, KubernetesClient client, String apiUrl, Path logs) {
        this.settings = settings;
        this.client = client;
        this.apiUrl = apiUrl;
        this.logs = logs;
        this.secretKeys = new SecretKeys(client);
    }

    /** Starts every replica of {@code deployment}; {@link #awaitReady} waits for them. */
    void start(Deployment deployment) throws IOException {
        String component = deployment.getMetadata().getLabels().get(COMPONENT);
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Optional<Path> jar = settings.application(container.getImage());
        if (jar.isEmpty()) {
            return;
        }
        String namespace = deployment.getMetadata().getNamespace();
        String livenessPath = probePath(container.getLivenessProbe(), "liveness", component);
        String readinessPath = probePath(container.getReadinessProbe(), "readiness", component);
        int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        List<Replica> started = new ArrayList<>();
        components.put(component, started);
        for (int i = 0; i < replicas; i++) {
            String pod = deployment.getMetadata().getName() + "-" + i;
            Map<String, String> env =
                    new HashMap<>(PodEnvironment.resolve(container, pod, namespace, secretKeys.in(namespace)));
            // Fabric8's own variables: the embedded API in place of the service account a cluster mounts, and never a
            // developer's kubeconfig
            env.put("KUBERNETES_MASTER", apiUrl);
            env.put("KUBERNETES_NAMESPACE", namespace);
            env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
            env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
            int port = component.equals(GATEWAY) && i == 0 ? settings.gatewayPort() : HostLaunch.freePort();
            String name = replicas == 1 ? component : component + "-" + i;
            Path log = logs.resolve(name + ".log");
            started.add(new Replica(
                    SupervisedService.start(
                            name,
                            () -> JavaService.start(name, jar.get(), env, port, readinessPath, log),
                            port,
                            livenessPath,
                            log),
                    port));
        }
    }

    private static String probePath(Probe probe, String kind, String component) {
        if (probe == null || probe.getHttpGet() == null) {
            throw new IllegalStateException(
                    "the chart's " + component + " container has no HTTP " + kind + " probe kfn local can ask");
        }
        return probe.getHttpGet().getPath();
    }

    /** Waits until every replica of {@code deployment} is ready, then writes its status as the controller would. */
    void awaitReady(Deployment deployment, Duration within) {
        List<Replica> replicas =
                components.get(deployment.getMetadata().getLabels().get(COMPONENT));
        if (replicas == null) {
            return;
        }
        replicas.forEach(r -> r.service().awaitReady(within));
        client.apps()
                .deployments()
                .inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName())
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder()
                            .withObservedGeneration(d.getMetadata().getGeneration())
                            .withReplicas(replicas.size())
                            .withReadyReplicas(replicas.size())
                            .withAvailableReplicas(replicas.size())
                            .withUpdatedReplicas(replicas.size())
                            .build());
                    return d;
                });
    }

    /** Whether {@code component} runs here (its module is built). */
    boolean runs(String component) {
        return components.containsKey(component);
    }

    /** Where the first replica of {@code component} serves HTTP, on this machine. */
    String url(String component) {
        List<Replica> replicas = components.get(component);
        if (replicas == null || replicas.isEmpty()) {
            throw new IllegalStateException("kfn local runs no " + component);
        }
        return "http://127.0.0.1:" + replicas.get(0).port();
    }

    /** Stops the components in the reverse of their start: the gateway before the operator. */
    @Override
    public void close() {
        List<List<Replica>> started = new ArrayList<>(components.values());
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).forEach(r -> r.service().close());
        }
    }
}
