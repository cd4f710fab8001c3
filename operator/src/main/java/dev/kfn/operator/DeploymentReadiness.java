package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;

/** Reads a function's Deployment into its status: instance counts and the DeploymentReady condition. */
public final class DeploymentReadiness {

    private DeploymentReadiness() {}

    /**
     * Ready when the provisioned instances are ready, and at least one instance whenever any is
     * wanted; a function scaled to zero is ready too, since its first invocation starts an instance.
     */
    public static void report(
            Function fn, Optional<Deployment> deployment, FunctionStatus status, PodSettings settings) {
        if (deployment.isEmpty()) {
            status.markDeploymentNotReady("Creating", "the Deployment is being created");
            return;
        }
        int wanted =
                Optional.ofNullable(deployment.get().getSpec().getReplicas()).orElse(1);
        int current = deployment.get().getStatus() == null
                ? 0
                : Optional.ofNullable(deployment.get().getStatus().getReplicas())
                        .orElse(0);
        int ready = deployment.get().getStatus() == null
                ? 0
                : Optional.ofNullable(deployment.get().getStatus().getReadyReplicas())
                        .orElse(0);
        status.setDesiredReplicas(wanted);
        status.setReplicas(current);
        status.setReadyReplicas(ready);
        int needed = Math.max(FunctionDeployment.provisionedInstances(fn.getSpec(), settings), Math.min(wanted, 1));
        if (wanted == 0) {
            status.markDeploymentReady("ScaledToZero", "no instances run; the first invocation starts one");
        } else if (ready >= needed) {
            status.markDeploymentReady("Available", ready + " of " + wanted + " instances ready");
        } else {
            status.markDeploymentNotReady(
                    "InstancesStarting", ready + " of " + wanted + " instances ready, " + needed + " needed");
        }
    }
}
