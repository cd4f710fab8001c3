package dev.kfn.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Runs the Java Operator SDK on Quarkus's Kubernetes client for the life of the application. */
@Singleton
public class OperatorLifecycle {

    private final Operator operator;
    private final FunctionReconciler reconciler;

    public OperatorLifecycle(KubernetesClient client, KfnConfig config, FunctionReconciler reconciler) {
        this.reconciler = reconciler;
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                // the client belongs to Quarkus, which closes it
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply());
            config.leaderElectionNamespace().ifPresent(ns -> o.withLeaderElectionConfiguration(
                new LeaderElectionConfiguration("kfn-operator", ns)));
        });
    }

    void start(@Observes StartupEvent event) {
        operator.register(reconciler);
        operator.start();
    }

    void stop(@Observes ShutdownEvent event) {
        operator.stop();
    }

    public boolean healthy() {
        return operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }
}
