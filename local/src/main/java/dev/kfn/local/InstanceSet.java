package dev.kfn.local;

import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/** The instances of one Deployment, kept at its replicas: started, restarted when they die, stopped on scale-down. */
final class InstanceSet {

    private static final Logger LOG = Logger.getLogger(InstanceSet.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Path hostJar;
    private final InstanceJvm jvm;
    private final Path workDir;
    private final PrivateTmp tmp;
    private final ExecutorService stopper;
    private final List<HostInstance> instances = new ArrayList<>();
    /** The readiness last written to each instance's Pod, so the API is written only on a change. */
    private final Map<HostInstance, Boolean> reported = new ConcurrentHashMap<>();

    private PodTemplateSpec template;
    private Duration grace = Duration.ofSeconds(30);
    private int started;
    private String lastError;

    InstanceSet(
            KubernetesClient client,
            String namespace,
            String name,
            Path hostJar,
            InstanceJvm jvm,
            Path workDir,
            PrivateTmp tmp,
            ExecutorService stopper) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.hostJar = hostJar;
        this.jvm = jvm;
        this.workDir = workDir;
        this.tmp = tmp;
        this.stopper = stopper;
    }

    /** One pass of the kubelet's work for this Deployment; returns the ready count. */
    int reconcile(Deployment deployment, BiFunction<String, String, Optional<String>> secretKey) {
        PodTemplateSpec wanted = deployment.getSpec().getTemplate();
        if (template != null && !template.equals(wanted)) {
            // a new template is a rollout: replace every instance
            stopAll();
        }
        template = wanted;
        grace = Duration.ofSeconds(Optional.ofNullable(wanted.getSpec().getTerminationGracePeriodSeconds())
                .orElse(30L));
        instances.removeIf(instance -> {
            if (!instance.alive()) {
                LOG.warning(() -> "instance " + instance.podName() + " exited; starting another");
                forget(instance);
                return true;
            }
            return false;
        });
        int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        if (instances.size() > replicas) {
            for (HostInstance victim : ScaleDownOrder.victims(candidates(), instances.size() - replicas)) {
                instances.remove(victim);
                stop(victim);
            }
        }
        while (instances.size() < replicas) {
            Optional<HostInstance> instance = start(wanted, secretKey);
            if (instance.isEmpty()) {
                break;
            }
            instances.add(instance.get());
        }
        int ready = 0;
        for (HostInstance instance : instances) {
            boolean isReady = instance.probe();
            ready += isReady ? 1 : 0;
            if (!Boolean.valueOf(isReady).equals(reported.get(instance))) {
                writePodStatus(instance, isReady);
            }
        }
        return ready;
    }

    private List<ScaleDownOrder.Candidate<HostInstance>> candidates() {
        return instances.stream()
                .map(instance -> new ScaleDownOrder.Candidate<>(
                        instance, deletionCost(instance), instance.ready(), instance.startedAt()))
                .toList();
    }

    /** Read from the instance's Pod, where the operator writes it. */
    private int deletionCost(HostInstance instance) {
        try {
            Pod pod = client.pods()
                    .inNamespace(namespace)
                    .withName(instance.podName())
                    .get();
            return pod == null
                    ? 0
                    : ScaleDownOrder.deletionCost(pod.getMetadata().getAnnotations());
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot read pod " + namespace + "/" + instance.podName() + ": " + e.getMessage());
            return 0;
        }
    }

    private void writePodStatus(HostInstance instance, boolean ready) {
        try {
            PodRecord.writeStatus(
                    client, namespace, instance.podName(), PodRecord.status(instance, ready, instance.startedAt()));
            reported.put(instance, ready);
        } catch (RuntimeException e) {
            LOG.warning(() ->
                    "cannot write the status of pod " + namespace + "/" + instance.podName() + ": " + e.getMessage());
        }
    }

    private void forget(HostInstance instance) {
        reported.remove(instance);
        try {
            PodRecord.delete(client, namespace, instance.podName());
        } catch (RuntimeException e) {
            LOG.warning(() -> "cannot delete pod " + namespace + "/" + instance.podName() + ": " + e.getMessage());
        }
    }

    int running() {
        return instances.size();
    }

    void stopAll() {
        while (!instances.isEmpty()) {
            stop(instances.remove(instances.size() - 1));
        }
    }

    private void stop(HostInstance instance) {
        Duration gracePeriod = grace;
        stopper.execute(() -> {
            instance.stop(gracePeriod);
            forget(instance);
        });
    }

    private Optional<HostInstance> start(
            PodTemplateSpec template, BiFunction<String, String, Optional<String>> secretKey) {
        String podName = name + "-" + (++started);
        Container container = template.getSpec().getContainers().get(0);
        try {
            Path taskRoot = Files.createDirectories(
                    workDir.resolve("pods").resolve(namespace).resolve(podName).resolve("task"));
            Map<String, String> env = HostLaunch.environment(
                    PodEnvironment.resolve(container, podName, namespace, secretKey), HostLaunch.freePort(), taskRoot);
            Path log = Files.createDirectories(workDir.resolve("logs")).resolve(namespace + "." + podName + ".log");
            HostInstance instance = HostInstance.start(
                    podName,
                    container.getName(),
                    tmp.wrap(
                            HostLaunch.command(
                                    container, hostJar, jvm.jdk().java().toString(), jvm.options()),
                            PrivateTmp.size(template.getSpec()),
                            List.of(hostJar.toAbsolutePath().getParent(), workDir, Path.of(""))),
                    env,
                    Integer.parseInt(env.get("QUARKUS_HTTP_PORT")),
                    log);
            PodRecord.create(
                    client,
                    PodRecord.desired(namespace, podName, template, instance.httpPort()),
                    PodRecord.status(instance, false, instance.startedAt()));
            reported.put(instance, false);
            lastError = null;
            return Optional.of(instance);
        } catch (IOException | RuntimeException e) {
            if (!e.getMessage().equals(lastError)) {
                LOG.warning(() -> new FunctionId(namespace, name) + ": cannot start an instance: " + e.getMessage());
            }
            lastError = e.getMessage();
            return Optional.empty();
        }
    }
}
