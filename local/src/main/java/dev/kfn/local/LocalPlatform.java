package dev.kfn.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * kfn on one machine: an embedded Kubernetes API, the real operator (with its autoscaler) and the
 * real gateway as processes of their own, and the node agent running runtime hosts.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPlatform.class.getName());
    private static final Duration START_WITHIN = Duration.ofSeconds(90);

    private final LocalSettings settings;
    private EmbeddedApiServer api;
    private SupervisedService operator;
    private SupervisedService gateway;
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
    private int operatorPort;

    public LocalPlatform(LocalSettings settings) {
        this.settings = settings;
    }

    public LocalPlatform start() throws IOException {
        Path logs = Files.createDirectories(settings.workDir().resolve("logs"));
        api = new EmbeddedApiServer()
                .start(
                        settings.bind(),
                        HostLaunch.freePort(),
                        settings.namespace(),
                        Map.of(
                                "username",
                                settings.broker().username(),
                                "password",
                                settings.broker().password()));
        kubeconfig = LocalKubeconfig.write(settings.workDir().resolve("kubeconfig"), api.url(), settings.namespace());

        // one broker settings shape for every part: KFN_BROKER_*
        Map<String, String> common = new HashMap<>(settings.broker().environment());
        // Fabric8's own variables: read at run time, and they keep a developer's kubeconfig out of it
        common.put("KUBERNETES_MASTER", api.url());
        common.put("KUBERNETES_NAMESPACE", settings.namespace());
        common.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        common.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");

        Map<String, String> operatorEnv = new HashMap<>(common);
        // the embedded API answers neither server-side apply creates nor status applies
        operatorEnv.put("KFN_SERVER_SIDE_APPLY", "false");
        // one local broker: replicated queues buy nothing and cost memory
        operatorEnv.put("KFN_BROKER_ASYNC_QUEUE_TYPE", "classic");
        operatorEnv.put("KFN_GATEWAY_URL", settings.gatewayUrl());
        // a handful of local queues: list them every second
        operatorEnv.put("KFN_AUTOSCALER_LISTING_INTERVAL", "1s");
        operatorEnv.put("KFN_BROKER_IDENTITY_KEY", BrokerIdentityKey.in(settings.workDir()));
        operatorEnv.put("KFN_CODE_ALLOW_HTTP", Boolean.toString(settings.codeAllowHttp()));
        // where the clusterEvent watches record their positions: a restarted operator resumes them, losing no change
        operatorEnv.put("KFN_OPERATOR_NAMESPACE", settings.namespace());
        // restarted when it exits or hangs, as its Deployment would be
        operatorPort = HostLaunch.freePort();
        Path operatorLog = logs.resolve("operator.log");
        operator = SupervisedService.start(
                "operator",
                () -> JavaService.start("operator", settings.operatorJar(), operatorEnv, operatorPort, operatorLog),
                operatorPort,
                operatorLog);
        if (Files.exists(settings.gatewayJar())) {
            Map<String, String> gatewayEnv = new HashMap<>(common);
            gatewayEnv.put("KFN_GATEWAY_DEFAULT_NAMESPACE", settings.namespace());
            gatewayEnv.put("QUARKUS_HTTP_HOST", settings.bind());
            Path gatewayLog = logs.resolve("gateway.log");
            gateway = SupervisedService.start(
                    "gateway",
                    () -> JavaService.start(
                            "gateway", settings.gatewayJar(), gatewayEnv, settings.gatewayPort(), gatewayLog),
                    settings.gatewayPort(),
                    gatewayLog);
        }
        collector = new GarbageCollector(api.client()).start();
        instanceJvm = new InstanceJvm(settings.hostJdk());
        agent = new NodeAgent(api.client(), settings.hostJar(), instanceJvm, settings.workDir());
        agent.start();
        operator.awaitReady(START_WITHIN);
        if (gateway != null) {
            gateway.awaitReady(START_WITHIN);
        }
        // after the operator and the gateway, so that on a small machine their start does not wait for the training
        if (settings.hostClassCache() && Files.exists(settings.hostJar())) {
            cacheTraining.execute(this::trainHostCache);
        }
        return this;
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

    public NodeAgent agent() {
        return agent;
    }

    public Optional<String> gatewayUrl() {
        return gateway == null ? Optional.empty() : Optional.of(settings.gatewayUrl());
    }

    /** Where the operator serves its health and its Prometheus page ({@code /q/metrics}), on this machine only. */
    public String operatorUrl() {
        return "http://127.0.0.1:" + operatorPort;
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
        if (gateway != null) {
            gateway.close();
        }
        if (operator != null) {
            operator.close();
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
