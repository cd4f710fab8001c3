package dev.kfn.local;

import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays the kubelet and the Deployment controller for kfn's Deployments: runs {@code replicas}
 * runtime-host processes for each, restarts one that dies, stops them with SIGTERM and the pod's
 * grace period on scale-down, and writes the Deployment's replica counts from the hosts' readiness. A pass runs every
 * {@link #PERIOD_MILLIS} (readiness is probed) and at once on any change of a Deployment.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());
    private static final long PERIOD_MILLIS = 200;

    private final KubernetesClient client;
    private final Path hostJar;
    private final InstanceJvm jvm;
    private final Path workDir;
    private final SecretKeys secretKeys;
    private final Map<FunctionId, InstanceSet> sets = new HashMap<>();
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kfn-node-agent"));
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "kfn-node-agent-stop");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private SharedIndexInformer<Deployment> deployments;
    private PrivateTmp tmp;

    public NodeAgent(KubernetesClient client, Path hostJar, InstanceJvm jvm, Path workDir) {
        this.client = client;
        this.hostJar = hostJar;
        this.jvm = jvm;
        this.workDir = workDir;
        this.secretKeys = new SecretKeys(client);
    }

    public void start() {
        tmp = PrivateTmp.detect();
        if (!tmp.bounded()) {
            LOG.warning("this machine gives kfn local no mount namespace (unshare --mount, or unshare --user"
                    + " --map-root-user --mount): instances share this machine's /tmp, with no bound");
        }
        deployments = client.apps()
                .deployments()
                .inAnyNamespace()
                .withLabel("app.kubernetes.io/managed-by", "kfn")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        passSoon();
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment after) {
                        passSoon();
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean unknownFinalState) {
                        passSoon();
                    }
                });
        loop.scheduleWithFixedDelay(this::pass, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A pass now rather than at the next period: a scale from zero waits for no poll. Events that come while one is
     * queued share it.
     */
    private void passSoon() {
        if (passQueued.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    passQueued.set(false);
                    pass();
                });
            } catch (RejectedExecutionException e) {
                // closing: no more passes
            }
        }
    }

    private void pass() {
        try {
            Set<FunctionId> present = new HashSet<>();
            for (Deployment deployment : deployments.getStore().list()) {
                FunctionId key = new FunctionId(
                        deployment.getMetadata().getNamespace(),
                        deployment.getMetadata().getName());
                present.add(key);
                InstanceSet set = sets.computeIfAbsent(
                        key,
                        k -> new InstanceSet(client, k.namespace(), k.name(), hostJar, jvm, workDir, tmp, stopper));
                int ready = set.reconcile(
                        deployment, secretKeys.in(deployment.getMetadata().getNamespace()));
                report(deployment, set.running(), ready);
            }
            sets.keySet().removeIf(key -> {
                if (!present.contains(key)) {
                    sets.get(key).stopAll();
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node agent pass failed", e);
        }
    }

    private void report(Deployment deployment, int running, int ready) {
        DeploymentStatus wanted = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(running)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUpdatedReplicas(running)
                .build();
        DeploymentStatus current = deployment.getStatus();
        if (current != null
                && Objects.equals(current.getReplicas(), running)
                && Objects.equals(current.getReadyReplicas(), ready)) {
            return;
        }
        client.apps()
                .deployments()
                .inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName())
                .editStatus(d -> {
                    d.setStatus(wanted);
                    return d;
                });
    }

    @Override
    public void close() {
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sets.values().forEach(InstanceSet::stopAll);
        stopper.shutdown();
        try {
            stopper.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (deployments != null) {
            deployments.close();
        }
    }
}
