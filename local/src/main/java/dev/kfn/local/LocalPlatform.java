package dev.kfn.local;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * kfn on one machine: an embedded Kubernetes API with kfn's chart installed in it, the chart's operator (with its
 * autoscaler) and gateway run as processes of their own, and the node agent running runtime hosts.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPlatform.class.getName());
    private static final Duration START_WITHIN = Duration.ofSeconds(90);
    private static final String OPERATOR = "operator";
    private static final String GATEWAY = "gateway";

    private final LocalSettings settings;
    private EmbeddedApiServer api;
    private ReleasePods releasePods;
    private NodeAgent agent;
    private InstanceJvm instanceJvm;
    /** Trains the host's class cache while kfn local already serves; instances started meanwhile go without. */
    private final ExecutorService cacheTraining = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "kfn-host-cache-training");
        thread.setDaemon(true);
        return thread;
    });

    private GarbageCollector collector;
    private Path kubeconfig;

    public LocalPlatform(LocalSettings settings) {
        this.settings = settings;
    }

    public LocalPlatform start() throws IOException {
        Path logs = Files.createDirectories(settings.workDir().resolve("logs"));
        api = new EmbeddedApiServer().start(settings.bind(), HostLaunch.freePort(), settings.namespace());
        kubeconfig = LocalKubeconfig.write(settings.workDir().resolve("kubeconfig"), api.url(), settings.namespace());
        // installed through the chart, as on a cluster: its names, Secrets, environment and URLs are what runs here
        List<Deployment> deployments =
                new ArrayList<>(LocalRelease.install(settings, api.client()).deployments());
        // the operator first, so the gateway stops before it
        deployments.sort(Comparator.comparing(d -> !OPERATOR.equals(component(d))));
        releasePods = new ReleasePods(settings, api.client(), api.url(), logs);
        for (Deployment deployment : deployments) {
            releasePods.start(deployment);
        }
        if (!releasePods.runs(OPERATOR)) {
            throw new IllegalStateException("kfn local needs the operator built: " + settings.operatorJar());
        }
        collector = new GarbageCollector(api.client()).start();
        instanceJvm = new InstanceJvm(settings.hostJdk());
        agent = new NodeAgent(api.client(), settings.hostJar(), instanceJvm, settings.workDir());
        agent.start();
        for (Deployment deployment : deployments) {
            releasePods.awaitReady(deployment, START_WITHIN);
        }
        // after the operator and the gateway, so that on a small machine their start does not wait for the training
        if (settings.hostClassCache() && Files.exists(settings.hostJar())) {
            cacheTraining.execute(this::trainHostCache);
        }
        return this;
    }

    private static String component(Deployment deployment) {
        return deployment.getMetadata().getLabels().get(ReleasePods.COMPONENT);
    }

    private void trainHostCache() {
        try {
            HostJdk jdk = instanceJvm.jdk();
            HostClassCache cache = HostClassCache.of(settings.hostCacheDir(), settings.hostJar(), jdk);
            HostCacheTraining.train(cache, jdk, settings.hostJar(), settings.workDir(), settings.broker());
            instanceJvm.use(cache);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "instances start without a class cache: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM instances run on, with the host's class cache once it is trained. */
    public InstanceJvm instanceJvm() {
        return instanceJvm;
    }

    public EmbeddedApiServer api() {
        return api;
    }

    /** The kubeconfig file that points kubectl at the embedded API. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Where kfn's chart is installed: the operator's and the gateway's namespace. */
    public String releaseNamespace() {
        return LocalChartValues.NAMESPACE;
    }

    public NodeAgent agent() {
        return agent;
    }

    public Optional<String> gatewayUrl() {
        return releasePods.runs(GATEWAY) ? Optional.of(settings.gatewayUrl()) : Optional.empty();
    }

    /** Where the operator serves its health and its Prometheus page ({@code /q/metrics}), on this machine only. */
    public String operatorUrl() {
        return releasePods.url(OPERATOR);
    }

    @Override
    public void close() {
        cacheTraining.shutdownNow();
        try {
            // a training host stopped half-way still exits in its grace period, and takes no queue with it
            cacheTraining.awaitTermination(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (agent != null) {
            agent.close();
        }
        if (releasePods != null) {
            releasePods.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (api != null) {
            api.close();
        }
        if (kubeconfig != null) {
            // kubectl and kfn get then fall back to the user's own cluster rather than a stopped API
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException e) {
                System.err.println("kfn local: cannot delete " + kubeconfig + ": " + e.getMessage());
            }
        }
    }
}
