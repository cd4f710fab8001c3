package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.api.QueueNames;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns a Function into its queues, its Deployment and its NetworkPolicy, and reports what it saw.
 * An invalid spec changes nothing that runs: the last valid Deployment keeps serving and the
 * status says which field to fix.
 */
@Singleton
public class FunctionReconciler implements Reconciler<Function>, Cleaner<Function> {

    private static final Logger LOG = Logger.getLogger(FunctionReconciler.class);
    /** How soon to try again when the broker could not be reached. */
    static final Duration BROKER_RETRY = Duration.ofSeconds(10);

    private final BrokerTopology broker;
    private final QueueSettings queueSettings;
    private final String gatewayUrl;
    private final DeploymentDependent deployment;
    private final NetworkPolicyDependent networkPolicy = new NetworkPolicyDependent();

    public FunctionReconciler(KfnConfig config, BrokerTopology broker) {
        this.broker = broker;
        this.queueSettings = QueueSettings.from(config);
        this.gatewayUrl = config.gatewayUrl().replaceAll("/+$", "");
        this.deployment = new DeploymentDependent(PodSettings.from(config));
    }

    @Override
    public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
        return EventSourceUtils.dependentEventSources(context, deployment, networkPolicy);
    }

    @Override
    public UpdateControl<Function> reconcile(Function fn, Context<Function> context) {
        FunctionStatus previous = fn.getStatus();
        FunctionStatus status = new FunctionStatus();
        if (previous != null) {
            status.setConditions(previous.getConditions());
            status.setQueue(previous.getQueue());
            // the autoscaler writes this part of the status; a status patch must not drop it
            status.setAutoscaling(previous.getAutoscaling());
        }
        List<String> problems = FunctionValidation.problems(fn);
        if (!problems.isEmpty()) {
            LOG.infof("Function %s/%s is invalid: %s", fn.getMetadata().getNamespace(), fn.getMetadata().getName(), problems);
            status.markInvalidSpec(problems);
            return patch(fn, status.stamp(previous, fn.getMetadata().getGeneration(), Instant.now()));
        }

        boolean brokerFailed = false;
        try {
            broker.apply(FunctionTopology.desired(fn, queueSettings));
            status.markQueueReady(QueueNames.of(fn).status());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Function %s/%s: broker topology not applied: %s", fn.getMetadata().getNamespace(),
                fn.getMetadata().getName(), e.getMessage());
            status.markQueueFailed("the broker did not take the function's queues: " + e.getMessage());
            brokerFailed = true;
        }
        networkPolicy.reconcile(fn, context);
        Deployment live = deployment.reconcile(fn, context).getSingleResource().orElse(null);
        DeploymentReadiness.report(fn, Optional.ofNullable(live), status);
        status.setEndpoint(gatewayUrl + "/functions/" + fn.getMetadata().getNamespace() + "/" + fn.getMetadata().getName());
        status.markReadyFromParts();

        UpdateControl<Function> control = patch(fn, status.stamp(previous, fn.getMetadata().getGeneration(), Instant.now()));
        return brokerFailed ? control.rescheduleAfter(BROKER_RETRY) : control;
    }

    /** Queues go with the function; the finalizer stays until the broker confirmed, so no queue is ever left behind. */
    @Override
    public DeleteControl cleanup(Function fn, Context<Function> context) {
        try {
            broker.delete(QueueNames.of(fn));
            return DeleteControl.defaultDelete();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Function %s/%s: queues not deleted yet: %s", fn.getMetadata().getNamespace(),
                fn.getMetadata().getName(), e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(BROKER_RETRY);
        }
    }

    private static UpdateControl<Function> patch(Function fn, FunctionStatus status) {
        fn.setStatus(status);
        return UpdateControl.patchStatus(fn);
    }
}
