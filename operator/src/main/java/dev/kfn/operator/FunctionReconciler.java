package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.FunctionUrlPath;
import dev.kfn.contract.InvokePath;
import dev.kfn.contract.broker.BrokerPermissions;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.clusterevent.ClusterEventAccess;
import dev.kfn.operator.instances.InstanceFailure;
import dev.kfn.operator.instances.InstanceFailures;
import dev.kfn.operator.instances.InstanceReadiness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
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
    private static final Duration CLUSTER_EVENT_RECHECK = Duration.ofMinutes(1);

    private final BrokerTopology broker;
    private final FunctionTopology.Options queueOptions;
    private final int defaultMaxQueued;
    private final String identityKey;
    private final SpecPolicy policy;
    private final PodSettings podSettings;
    private final String gatewayUrl;
    private final boolean serverSideApply;
    private final boolean clusterEventsElsewhere;
    private final String vhost;
    private final Duration sourceQueueRecheck;
    private final DeploymentDependent deployment;
    private final NetworkPolicyDependent networkPolicy = new NetworkPolicyDependent();
    private final BrokerReachableEventSource brokerReachable = new BrokerReachableEventSource();

    public FunctionReconciler(
            KfnConfig config, BrokerSettings brokerSettings, BrokerTopology broker, KubernetesClient client) {
        this.broker = broker;
        this.queueOptions = FunctionBrokerTopology.options(config.broker());
        this.defaultMaxQueued = config.defaultMaxQueued();
        this.identityKey = IdentityKey.resolve(config, client);
        this.policy = SpecPolicy.from(config);
        this.gatewayUrl = config.gatewayUrl().replaceAll("/+$", "");
        this.serverSideApply = config.serverSideApply();
        this.clusterEventsElsewhere = config.clusterEvents().allowOtherNamespaces();
        this.vhost = brokerSettings.vhost();
        this.sourceQueueRecheck = config.queueTriggers().recheck();
        this.podSettings = PodSettings.from(config, brokerSettings);
        this.deployment = new DeploymentDependent(podSettings);
        broker.onReachable(brokerReachable::brokerReachable);
    }

    @Override
    public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
        List<EventSource<?, Function>> sources =
                new ArrayList<>(EventSourceUtils.dependentEventSources(context, deployment, networkPolicy));
        sources.add(brokerReachable);
        sources.add(RouteNeighbours.eventSource(context));
        sources.add(InstanceFailures.eventSource(context));
        sources.add(TopicSubscribers.eventSource(context));
        sources.add(GatewayReports.eventSource(context));
        sources.add(StreamReaders.eventSource(context));
        return sources;
    }

    @Override
    public UpdateControl<Function> reconcile(Function primary, Context<Function> context) {
        Function fn = GatewayReports.withNewestReports(primary, context);
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
                // the gateways' record of the databaseChange slots, kept for the same reason
                status.setDatabaseChanges(previous.getDatabaseChanges());
                // and of the stream partitions whose records expired
                status.setStreams(previous.getStreams());
            }
        }
        FunctionId id = fn.id();
        Instant now = Instant.now();
        List<String> problems = FunctionValidation.problems(fn);
        if (problems.isEmpty()) {
            problems = policy.problems(fn);
        }
        if (!problems.isEmpty()) {
            LOG.infof("Function %s is invalid: %s", id, problems);
            status.markInvalidSpec(problems);
            return patch(fn, status.stamp(previous, fn.getMetadata().getGeneration(), now));
        }

        // the credentials are derived, not made by the broker: the pods can have them before it answers
        new IdentitySecrets(context.getClient()).create(BrokerIdentity.secret(fn, identityKey));
        Optional<Duration> retry = Optional.empty();
        brokerReachable.waitFor(id);
        try {
            List<FunctionDestinations.Declared> destinations = FunctionDestinations.of(fn);
            broker.applyIdentity(
                    id,
                    BrokerIdentity.password(identityKey, id),
                    BrokerPermissions.forFunction(
                            id,
                            destinations.stream()
                                    .map(FunctionDestinations.Declared::address)
                                    .toList()));
            broker.apply(FunctionBrokerTopology.desired(fn, queueOptions, defaultMaxQueued));
            List<String> missing = bindDestinationQueues(destinations);
            missing.addAll(TopicSubscribers.missingDestinations(fn, destinations, context));
            brokerReachable.done(id);
            if (missing.isEmpty()) {
                status.markQueueReady(FunctionBrokerTopology.status(id.queues()));
            } else {
                status.markDestinationsMissing(missing);
                retry = Optional.of(
                        QueueRetry.after(queuesFailingSince(previous).orElse(now), now));
            }
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
        DeploymentReadiness.report(fn, Optional.ofNullable(live), status, podSettings);
        InstanceReadiness.report(context.getSecondaryResources(InstanceFailure.class), previous, status)
                .ifPresent(warning -> recordWarning(fn, warning.reason(), warning.message(), context));
        status.setEndpoint(gatewayUrl + InvokePath.of(id));
        status.setUrl(hasFunctionUrl(fn) ? gatewayUrl + FunctionUrlPath.of(id) : null);
        // what the namespace says (routes taken, Topics and Streams missing) and what the API server says about each
        // clusterEvent trigger's kind and the operator's right to watch it
        List<String> namespaceProblems = new ArrayList<>(RouteNeighbours.problems(fn, context));
        namespaceProblems.addAll(TopicSubscribers.missing(fn, context));
        namespaceProblems.addAll(DatabaseChangeReports.problems(fn));
        namespaceProblems.addAll(StreamReaders.missing(fn, context));
        List<String> sourceQueueProblems = missingSourceQueues(fn);
        namespaceProblems.addAll(sourceQueueProblems);
        List<String> clusterEventProblems =
                ClusterEventAccess.problems(context.getClient(), fn, clusterEventsElsewhere);
        List<String> expired = StreamReports.problems(fn);
        TriggerCheck.of(fn.id(), fn.getSpec().getTriggers(), concat(namespaceProblems, clusterEventProblems))
                .withExpired(expired)
                .report(status);
        StreamReports.unreported(previous, expired)
                .forEach(message -> recordWarning(fn, FunctionStatus.REASON_RECORDS_EXPIRED, message, context));
        status.markReadyFromParts();

        if (!sourceQueueProblems.isEmpty() && retry.isEmpty()) {
            // the broker tells no one when a queue is created: the trigger turns ready on a later look
            retry = Optional.of(sourceQueueRecheck);
        }
        if (!clusterEventProblems.isEmpty() && retry.isEmpty()) {
            // a ClusterRole widened or a CRD installed later is seen without a change to the Function
            retry = Optional.of(CLUSTER_EVENT_RECHECK);
        }
        UpdateControl<Function> control =
                patch(fn, status.stamp(previous, fn.getMetadata().getGeneration(), now));
        return retry.map(control::rescheduleAfter).orElse(control);
    }

    /** An {@code http} trigger with {@code url: true}: the gateway serves the function at its function URL. */
    private static boolean hasFunctionUrl(Function fn) {
        return fn.getSpec().getTriggers().stream()
                .anyMatch(t ->
                        t.getHttp() != null && Boolean.TRUE.equals(t.getHttp().getUrl()));
    }

    /**
     * The queues the queue triggers name that the broker does not have. None while the broker cannot say: QueueReady
     * reports the broker then, and a trigger is not called broken for what no one could look at.
     */
    private List<String> missingSourceQueues(Function fn) {
        List<String> named = SourceQueues.named(fn.id(), fn.getSpec().getTriggers());
        if (named.isEmpty()) {
            return List.of();
        }
        try {
            return SourceQueues.missing(fn.id(), fn.getSpec().getTriggers(), broker.existing(named), vhost);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Function %s: source queues not looked up: %s", fn.id(), BrokerConnection.describe(e));
            return List.of();
        }
    }

    /** A queue destination the user made is bound for the function; one that does not exist is named by its field. */
    private List<String> bindDestinationQueues(List<FunctionDestinations.Declared> destinations) throws IOException {
        List<String> missing = new ArrayList<>();
        for (FunctionDestinations.Declared d : destinations) {
            if (d.address() instanceof DestinationAddress.ToQueue queue
                    && !broker.bindDestinationQueue(queue.queue())) {
                missing.add(d.field() + ": queue " + queue.queue() + " does not exist on the broker; create it and"
                        + " kfn binds it to " + Exchange.DESTINATION.exchangeName());
            }
        }
        return missing;
    }

    /**
     * The broker user, the queues and the Secret go with the function; the finalizer stays until the broker
     * confirmed, so nothing is ever left behind but a dead-letter queue that holds messages, which is the user's to
     * read (an Event says so). While the broker is down the Function waits, retried as its queues would be, and
     * nothing else does.
     */
    @Override
    public DeleteControl cleanup(Function fn, Context<Function> context) {
        FunctionId id = fn.id();
        brokerReachable.waitFor(id);
        try {
            broker.deleteIdentity(id);
            long deadLetters = broker.delete(id);
            new IdentitySecrets(context.getClient()).delete(id.namespace(), BrokerIdentity.secretName(id.name()));
            brokerReachable.done(id);
            if (deadLetters > 0) {
                reportKeptDeadLetters(fn, deadLetters, context);
            }
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

    private static void reportKeptDeadLetters(Function fn, long count, Context<Function> context) {
        String queue = fn.id().queues().deadLetter();
        String message = "dead-letter queue " + queue + " is kept with " + count + " message(s); read them, then"
                + " remove it with: rabbitmqctl delete_queue " + queue;
        LOG.infof("Function %s deleted: %s", fn.id(), message);
        recordWarning(fn, "DeadLettersKept", message, context);
    }

    /** An Event beside the status, for kubectl describe; one that cannot be written is logged, never fatal. */
    private static void recordWarning(Function fn, String reason, String message, Context<Function> context) {
        try {
            new FunctionEvents(context.getClient(), "kfn-operator")
                    .record(fn, "Warning", reason, message, Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Function %s: no %s Event: %s", fn.id(), reason, e.getMessage());
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

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static UpdateControl<Function> patch(Function fn, FunctionStatus status) {
        fn.setStatus(status);
        return UpdateControl.patchStatus(fn);
    }
}
