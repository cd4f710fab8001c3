package dev.kfn.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/** The instances of one Deployment, kept at its replicas: started, restarted when they die, stopped on scale-down. */
final class InstanceSet {

    private static final Logger LOG = Logger.getLogger(InstanceSet.class.getName());

    private final String namespace;
    private final String name;
    private final Path hostJar;
    private final Path workDir;
    private final ExecutorService stopper;
    private final List<HostInstance> instances = new ArrayList<>();
    private PodTemplateSpec template;
    private Duration grace = Duration.ofSeconds(30);
    private int started;
    private String lastError;

    InstanceSet(String namespace, String name, Path hostJar, Path workDir, ExecutorService stopper) {
        this.namespace = namespace;
        this.name = name;
        this.hostJar = hostJar;
        this.workDir = workDir;
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
        grace = Duration.ofSeconds(Optional.ofNullable(wanted.getSpec().getTerminationGracePeriodSeconds()).orElse(30L));
        instances.removeIf(instance -> {
            if (!instance.alive()) {
                LOG.warning(() -> "instance " + instance.podName() + " exited; starting another");
                return true;
            }
            return false;
        });
        int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        while (instances.size() > replicas) {
            stop(instances.remove(instances.size() - 1));
        }
        while (instances.size() < replicas) {
            Optional<HostInstance> instance = start(wanted, secretKey);
            if (instance.isEmpty()) {
                break;
            }
            instances.add(instance.get());
        }
        return (int) instances.stream().filter(HostInstance::probe).count();
    }

    int running() {
        return instances.size();
    }

    List<Long> pids() {
        return instances.stream().map(HostInstance::pid).toList();
    }

    void stopAll() {
        while (!instances.isEmpty()) {
            stop(instances.remove(instances.size() - 1));
        }
    }

    private void stop(HostInstance instance) {
        Duration gracePeriod = grace;
        stopper.execute(() -> instance.stop(gracePeriod));
    }

    private Optional<HostInstance> start(PodTemplateSpec template, BiFunction<String, String, Optional<String>> secretKey) {
        String podName = name + "-" + (++started);
        Container container = template.getSpec().getContainers().get(0);
        try {
            Path taskRoot = Files.createDirectories(workDir.resolve("pods").resolve(namespace).resolve(podName).resolve("task"));
            Map<String, String> env = HostLaunch.environment(PodEnvironment.resolve(container, podName, namespace, secretKey),
                HostLaunch.freePort(), taskRoot);
            Path log = Files.createDirectories(workDir.resolve("logs")).resolve(namespace + "." + podName + ".log");
            HostInstance instance = HostInstance.start(podName,
                HostLaunch.command(container, hostJar, ProcessHandle.current().info().command().orElse("java")),
                env, Integer.parseInt(env.get("QUARKUS_HTTP_PORT")), log);
            lastError = null;
            return Optional.of(instance);
        } catch (IOException | RuntimeException e) {
            if (!e.getMessage().equals(lastError)) {
                LOG.warning(() -> namespace + "/" + name + ": cannot start an instance: " + e.getMessage());
            }
            lastError = e.getMessage();
            return Optional.empty();
        }
    }
}
