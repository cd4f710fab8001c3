package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.InvokePath;
import dev.kfn.contract.broker.BrokerSettings;
import io.fabric8.kubernetes.api.model.Condition;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns a Function into its queues, its Deployment and its NetworkPolicy, and reports what it saw.
 * An invalid spec changes nothing that runs: the last valid Deployment keeps serving and the
 * status says which field to fix. A broker that is down holds back only the queues: the Deployment
 * is still kept, QueueReady says why the queues wait, and they are declared once the broker is back. A trigger
 * that cannot fire (a kind not served yet, a cron that does not parse, an HTTP route another Function of the
 * namespace serves) holds back nothing either: TriggersReady names it, and the queues, the Deployment and the
 * other triggers go on.
 */
@Singleton
public class FunctionReconciler implements Reconciler<Function>, Cleaner<Function> {

    private static final Logger LOG = Logger.getLogger(FunctionReconciler.class);

    private final BrokerTopology broker;
    private final FunctionTopology.Options queueOptions;
    private final String gatewayUrl;
    private final boolean serverSideApply;
    private final DeploymentDependent deployment;
    private final NetworkPolicyDependent networkPolicy = new NetworkPolicyDependent();
    private final BrokerReachableEventSource brokerReachable = new BrokerReachableEventSource();

    public FunctionReconciler(KfnConfig config, BrokerSettings brokerSettings, BrokerTopology broker) {
        this.broker = broker;
        this.queueOptions = FunctionBrokerTopology.options(config.broker());
        this.gatewayUrl = config.gatewayUrl().replaceAll("/+$", "");
        this.serverSideApply = config.serverSideApply();
        this.deployment = new DeploymentDependent(PodSettings.from(config, brokerSettings));
        broker.onReachable(brokerReachable::brokerReachable);
    }

    @Override
    public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
        List<EventSource<?, Function>> sources =
                new ArrayList<>(EventSourceUtils.dependentEventSources(context, deployment, networkPolicy));
        sources.add(brokerReachable);
        sources.add(RouteNeighbours.eventSource(context));
        return sources;
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
            // the scheduler's record, where a new leader resumes: a patch computed against this copy leaves it alone,
            // but an apply would own the field and put back an older copy over a firing recorded meanwhile
            if (!serverSideApply) {
                status.setSchedules(previous.getSchedules());
            }
        }
        FunctionId id = fn.id();
        Instant now = Instant.now();
        List<String> problems = FunctionValidation.problems(fn);
        if (!problems.isEmpty()) {
            LOG.infof("Function %s is invalid: %s", id, problems);
            status.markInvalidSpec(problems);
            return patch(fn, status.stamp(previous, fn.getMetadata().getGeneration(), now));
        }

        Optional<Duration> retry = Optional.empty();
        brokerReachable.waitFor(id);
        try {
            broker.apply(FunctionBrokerTopology.desired(fn, queueOptions));
            brokerReachable.done(id);
            status.markQueueReady(FunctionBrokerTopology.status(id.queues()));
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof BrokerUnreachableException
                    ? e.getMessage()
                    : "the broker did not take the function's queues: " + BrokerConnection.describe(e);
            LOG.warnf("Function %s: queues not declared: %s", id, reason);
            status.markQueueFailed(reason);
            retry = Optional.of(QueueRetry.after(queuesFailingSince(previous).orElse(now), now));
        }
        networkPolicy.reconcile(fn, context);
        Deployment live = deployment.reconcile(fn, context).getSingleResource().orElse(null);
        DeploymentReadiness.report(fn, Optional.ofNullable(live), status);
        status.setEndpoint(gatewayUrl + InvokePath.of(id));
        TriggerCheck.of(fn.id(), fn.getSpec().getTriggers(), RouteNeighbours.problems(fn, context))
                .report(status);
        status.markReadyFromParts();

        UpdateControl<Function> control =
                patch(fn, status.stamp(previous, fn.getMetadata().getGeneration(), now));
        return retry.map(control::rescheduleAfter).orElse(control);
    }

    /**
     * Queues go with the function; the finalizer stays until the broker confirmed, so no queue is ever left
     * behind. While the broker is down the Function waits, retried as its queues would be, and nothing else does.
     */
    @Override
    public DeleteControl cleanup(Function fn, Context<Function> context) {
        FunctionId id = fn.id();
        brokerReachable.waitFor(id);
        try {
            broker.delete(id);
            brokerReachable.done(id);
            return DeleteControl.defaultDelete();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Function %s: queues not deleted yet: %s", id, BrokerConnection.describe(e));
            Instant now = Instant.now();
            Instant deleting = Optional.ofNullable(fn.getMetadata().getDeletionTimestamp())
                    .map(Instant::parse)
                    .orElse(now);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(QueueRetry.after(deleting, now));
        }
    }

    /** When QueueReady last turned False, if it is False. */
    private static Optional<Instant> queuesFailingSince(FunctionStatus previous) {
        return Optional.ofNullable(previous)
                .flatMap(p -> p.condition(FunctionStatus.QUEUE_READY))
                .filter(c -> "False".equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .map(Instant::parse);
    }

    private static UpdateControl<Function> patch(Function fn, FunctionStatus status) {
        fn.setStatus(status);
        return UpdateControl.patchStatus(fn);
    }
}
