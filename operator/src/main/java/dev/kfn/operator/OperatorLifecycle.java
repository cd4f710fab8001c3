package dev.kfn.operator;

import dev.kfn.operator.autoscaler.Autoscaler;
import dev.kfn.operator.clusterevent.ClusterEventSource;
import dev.kfn.operator.schedule.Scheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Runs the Java Operator SDK on Quarkus's Kubernetes client for the life of the application. */
@Singleton
public class OperatorLifecycle {

    private final Operator operator;
    private final FunctionReconciler reconciler;
    private final Autoscaler autoscaler;
    private final Scheduler scheduler;
    private final ClusterEventSource clusterEvents;
    private final boolean leaderElection;

    public OperatorLifecycle(
            KubernetesClient client,
            KfnConfig config,
            FunctionReconciler reconciler,
            Autoscaler autoscaler,
            Scheduler scheduler,
            ClusterEventSource clusterEvents,
            MeterRegistry registry) {
        this.reconciler = reconciler;
        this.clusterEvents = clusterEvents;
        this.autoscaler = autoscaler;
        this.scheduler = scheduler;
        this.leaderElection = config.leaderElectionNamespace().isPresent();
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    // the client belongs to Quarkus, which closes it
                    .withCloseClientOnStop(false)
                    .withMetrics(new ReconcileMetrics(registry))
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply());
            // the autoscaler, the scheduler and the cluster events act only while this replica holds the lease, as the
            // reconciler does
            config.leaderElectionNamespace()
                    .ifPresent(ns -> o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
                            "kfn-operator",
                            ns,
                            LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                            null,
                            new LeaderCallbacks(() -> lead(true), () -> lead(false), leader -> {}),
                            true)));
        });
    }

    void start(@Observes StartupEvent event) {
        operator.register(reconciler);
        operator.start();
        autoscaler.start();
        scheduler.start();
        clusterEvents.start();
        if (!leaderElection) {
            lead(true);
        }
    }

    private void lead(boolean leading) {
        autoscaler.lead(leading);
        scheduler.lead(leading);
        clusterEvents.lead(leading);
    }

    void stop(@Observes ShutdownEvent event) {
        clusterEvents.stop();
        scheduler.stop();
        autoscaler.stop();
        operator.stop();
    }

    public boolean healthy() {
        return operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }
}
