package dev.kfn.operator.autoscaler;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.api.AutoscalingStatus;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionValidation;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.WakeMessage;
import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.BrokerConnection;
import dev.kfn.operator.KfnConfig;
import dev.kfn.operator.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The queue-depth autoscaler: every tick it reads each function's demand, decides with
 * {@link ScaleDecision}, and writes the Deployment's replicas when they change. A wake from a
 * publisher evaluates that one function at once, so zero to one never waits for a tick or a
 * statistics refresh. A function resting at zero is evaluated only when something about it changes
 * ({@link RestingFunctions}), so thousands of idle functions cost a tick next to nothing. All decisions
 * run on one thread; only the leader acts. Without a broker, demand is unknown and every function
 * keeps its instances until the broker is back.
 */
@Singleton
public class Autoscaler {

    private static final Logger LOG = Logger.getLogger(Autoscaler.class);
    /** Set to "true" on a Function to scale it by hand for a while, as KEDA's paused annotation does. */
    public static final String PAUSED_ANNOTATION = "kfn.dev/autoscaling-paused";
    /** After a wake, a function at zero is read exactly for this long. */
    private static final Duration WOKEN_FOR = Duration.ofSeconds(10);
    /** How long a written replica count wins over an informer cache that has not seen it yet. */
    private static final Duration WRITE_SETTLES_IN = Duration.ofSeconds(5);

    private static final String READ_ERROR = "queue depth unreadable; keeping the current instances";
    /** Passive declares in flight at once; the broker answers each in about a quarter of a millisecond. */
    private static final int READ_CHANNELS = 4;

    private final KubernetesClient client;
    private final KfnConfig.Autoscaler config;
    private final BrokerSettings brokerSettings;
    private final AutoscalerMetrics metrics;
    private final ScaleWriter writer;
    private final DeletionCosts deletionCosts;
    private final Clock clock = Clock.systemUTC();

    private final Map<FunctionId, ScaleHistory> histories = new HashMap<>();
    private final Map<FunctionId, Instant> woken = new HashMap<>();
    private final Map<FunctionId, Written> written = new HashMap<>();
    private final Set<FunctionId> failingReads = new HashSet<>();
    private final Map<FunctionId, Prepared> prepared = new HashMap<>();
    private final RestingFunctions resting = new RestingFunctions();
    private final StatusWrites statusWrites = new StatusWrites();
    private long ticks;

    private record Written(int replicas, Instant at) {}

    private record Prepared(String resourceVersion, Optional<ScalingPolicy> policy, List<String> queues) {}

    private volatile boolean leading;
    private ScheduledExecutorService loop;
    private ScheduledExecutorService lister;
    private SharedIndexInformer<Function> functions;
    private SharedIndexInformer<Deployment> deployments;
    private BrokerConnection broker;
    private DemandReader demand;
    private ReadyCounts readyCounts;
    private final MeterRegistry registry;

    public Autoscaler(
            KubernetesClient client, KfnConfig config, BrokerSettings brokerSettings, MeterRegistry registry) {
        this.client = client;
        this.config = config.autoscaler();
        this.brokerSettings = brokerSettings;
        this.registry = registry;
        this.metrics = new AutoscalerMetrics(registry);
        this.writer = new ScaleWriter(client);
        this.deletionCosts = new DeletionCosts(client);
    }

    public void start() {
        if (!config.enabled()) {
            return;
        }
        functions = client.resources(Function.class).inAnyNamespace().inform();
        deployments = client.apps()
                .deployments()
                .inAnyNamespace()
                .withLabel(Labels.MANAGED_BY, "kfn")
                .inform();
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kfn-autoscaler"));
        lister = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kfn-autoscaler-listing"));
        // every new connection gets a wake queue and consumer of its own: the last one went with the last connection
        broker = new BrokerConnection(brokerSettings, "kfn-autoscaler", this::listenForWakes);
        broker.meter(registry);
        readyCounts = new ReadyCounts(broker, READ_CHANNELS);
        demand = new DemandReader(config.listingInterval().multipliedBy(3));
        broker.start();
        QueueListing listing = new QueueListing(new BrokerManagement(brokerSettings));
        lister.scheduleWithFixedDelay(
                () -> readListing(listing), 0, config.listingInterval().toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::tick, 0, config.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    public void lead(boolean leading) {
        this.leading = leading;
    }

    public void stop() {
        if (loop == null) {
            return;
        }
        loop.shutdownNow();
        lister.shutdownNow();
        readyCounts.close();
        broker.close();
        functions.close();
        deployments.close();
    }

    /** A server-named queue of this connection's own, so every operator replica hears every wake. */
    private void listenForWakes(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        Exchange.WAKE.declare(channel);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, Exchange.WAKE.exchangeName(), "");
        channel.basicConsume(
                queue,
                true,
                (tag, delivery) -> WakeMessage.decode(delivery.getBody()).ifPresent(id -> loop.execute(() -> wake(id))),
                tag -> {});
    }

    private void readListing(QueueListing listing) {
        try {
            demand.listing(listing.read(clock.instant()));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("queue listing failed: %s", e.getMessage());
        }
    }

    private void wake(FunctionId id) {
        Instant now = clock.instant();
        woken.put(id, now);
        function(id)
                .flatMap(fn -> candidate(fn, now))
                .ifPresent(c -> evaluateAlone(c, readyCounts.ready(id.queues().invocationQueues()), now));
    }

    /**
     * One function this tick: what it is allowed, what it runs now and has ready, whether its queues are read
     * exactly, and the versions of its Function and Deployment.
     */
    private record Candidate(
            Function fn,
            FunctionId id,
            ScalingPolicy policy,
            List<String> queues,
            int current,
            int ready,
            boolean exact,
            RestingFunctions.Rest seen) {}

    private void tick() {
        if (!leading) {
            return;
        }
        try {
            metrics.tick().record(() -> {
                Instant now = clock.instant();
                long tick = ticks++;
                List<Candidate> candidates = new ArrayList<>();
                Set<FunctionId> seen = new HashSet<>();
                for (Function fn : functions.getStore().list()) {
                    seen.add(fn.id());
                    // one Function that cannot be read holds up no other
                    try {
                        candidate(fn, now)
                                .filter(c -> !resting.skips(
                                        c.id(), c.seen(), c.exact() || !demand.listedIdle(c.queues()), tick))
                                .ifPresent(candidates::add);
                    } catch (RuntimeException e) {
                        LOG.warnf("Function %s: not scaled this tick: %s", fn.id(), e);
                    }
                }
                // every exact read of the tick at once, over several channels
                Map<String, OptionalLong> ready = readyCounts.ready(candidates.stream()
                        .filter(Candidate::exact)
                        .flatMap(c -> c.queues().stream())
                        .toList());
                candidates.forEach(c -> evaluateAlone(c, ready, now));
                forgetAllBut(seen);
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "autoscaler tick failed");
        }
    }

    private Optional<Candidate> candidate(Function fn, Instant now) {
        if (!leading || fn.getMetadata().getDeletionTimestamp() != null || paused(fn)) {
            return Optional.empty();
        }
        FunctionId id = fn.id();
        Deployment deployment = deployments.getStore().getByKey(Cache.namespaceKeyFunc(id.namespace(), id.name()));
        Prepared known = prepared(fn, id);
        if (deployment == null || known.policy().isEmpty()) {
            return Optional.empty();
        }
        int current = currentReplicas(id, deployment, now);
        boolean exact = current > 0
                || Optional.ofNullable(woken.get(id))
                        .filter(at -> at.plus(WOKEN_FOR).isAfter(now))
                        .isPresent();
        int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null
                ? 0
                : deployment.getStatus().getReadyReplicas();
        RestingFunctions.Rest seen = new RestingFunctions.Rest(
                fn.getMetadata().getResourceVersion(), deployment.getMetadata().getResourceVersion());
        return Optional.of(new Candidate(fn, id, known.policy().get(), known.queues(), current, ready, exact, seen));
    }

    /** Validation, policy and queues of a function, worked out again only when the Function changes. */
    private Prepared prepared(Function fn, FunctionId id) {
        Prepared known = prepared.get(id);
        String version = fn.getMetadata().getResourceVersion();
        if (known == null || !Objects.equals(known.resourceVersion(), version)) {
            boolean valid = FunctionValidation.problems(fn).isEmpty();
            known = new Prepared(
                    version,
                    valid ? Optional.of(ScalingPolicy.of(fn.getSpec(), config.maxInstances())) : Optional.empty(),
                    id.queues().invocationQueues());
            prepared.put(id, known);
        }
        return known;
    }

    private void evaluateAlone(Candidate c, Map<String, OptionalLong> ready, Instant now) {
        try {
            evaluate(c, ready, now);
        } catch (RuntimeException e) {
            LOG.warnf("Function %s: not scaled this tick: %s", c.id(), e);
        }
    }

    private void evaluate(Candidate c, Map<String, OptionalLong> ready, Instant now) {
        OptionalLong depth = demand.demand(
                c.id(), c.exact() ? ready : Map.of(), c.current(), c.policy().perInstance(), now);
        ScaleDecision decision = ScaleDecision.decide(
                depth,
                c.policy(),
                histories.computeIfAbsent(c.id(), k -> ScaleHistory.start(c.current(), now)),
                c.current(),
                now);
        histories.put(c.id(), decision.history());
        metrics.observe(c.id(), decision.desired(), c.ready(), depth.orElse(-1), demand.deadLettered(c.id()));
        resting.evaluated(
                c.id(),
                c.seen(),
                c.current() == 0 && decision.desired() == 0 && depth.isPresent() && depth.getAsLong() == 0);
        try {
            reportReadState(c.fn(), c.id(), depth, now);
            statusWrites.lost(c.id(), c.fn(), now).ifPresent(status -> writeStatus(c.fn(), c.id(), status, now));
            if (decision.desired() != c.current()) {
                scale(c.fn(), c.id(), c.current(), decision, depth.orElse(-1), now);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Function %s: scaling to %d failed: %s", c.id(), decision.desired(), e.getMessage());
        }
    }

    private void scale(Function fn, FunctionId id, int current, ScaleDecision decision, long depth, Instant now) {
        if (decision.desired() < current && decision.desired() > 0) {
            markIdleFirst(fn, id);
        }
        writer.scale(fn, decision.desired());
        written.put(id, new Written(decision.desired(), now));
        metrics.scaled(decision.desired() > current ? "up" : "down");
        String message = "from " + current + " to " + decision.desired() + " instances, queue depth " + depth;
        LOG.infof("Function %s %s %s", id, decision.reason(), message);
        writer.event(fn, decision.reason(), message, now);
        AutoscalingStatus status = new AutoscalingStatus();
        status.setQueueDepth(depth);
        status.setLastScaleTime(now.toString());
        status.setLastScaleReason(decision.reason());
        if (failingReads.contains(id)) {
            status.setReadError(READ_ERROR);
        }
        writeStatus(fn, id, status, now);
    }

    /** Every write states the whole of {@code status.autoscaling}, so the last one can be written again as it is. */
    private void writeStatus(Function fn, FunctionId id, AutoscalingStatus status, Instant now) {
        writer.status(fn, status);
        statusWrites.wrote(id, status, now);
    }

    /** Costs that cannot be written leave the choice to the ReplicaSet controller; the scale-down goes ahead. */
    private void markIdleFirst(Function fn, FunctionId id) {
        try {
            deletionCosts.mark(fn);
        } catch (RuntimeException e) {
            LOG.debugf("Function %s: pod deletion costs not set: %s", id, e.getMessage());
        }
    }

    /** Status says when demand cannot be read, and again when it can; not on every tick. */
    private void reportReadState(Function fn, FunctionId id, OptionalLong depth, Instant now) {
        if (depth.isEmpty()) {
            metrics.readError();
        }
        boolean wasFailing = failingReads.contains(id);
        if (depth.isEmpty() == wasFailing) {
            return;
        }
        // a fresh object: the one in the informer's cache is shared and must not change under it
        AutoscalingStatus status = new AutoscalingStatus();
        statusWrites
                .last(id)
                .or(() -> Optional.ofNullable(fn.getStatus()).map(s -> s.getAutoscaling()))
                .ifPresent(last -> {
                    status.setLastScaleTime(last.getLastScaleTime());
                    status.setLastScaleReason(last.getLastScaleReason());
                });
        if (depth.isEmpty()) {
            failingReads.add(id);
            status.setReadError(READ_ERROR);
        } else {
            failingReads.remove(id);
            status.setQueueDepth(depth.getAsLong());
        }
        writeStatus(fn, id, status, now);
    }

    /** The informer may not have seen the autoscaler's own last write yet; trust the write for a moment. */
    private int currentReplicas(FunctionId id, Deployment deployment, Instant now) {
        int cached = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        Written last = written.get(id);
        if (last == null
                || last.replicas() == cached
                || last.at().plus(WRITE_SETTLES_IN).isBefore(now)) {
            return cached;
        }
        return last.replicas();
    }

    private static boolean paused(Function fn) {
        return "true"
                .equals(Optional.ofNullable(fn.getMetadata().getAnnotations())
                        .map(a -> a.get(PAUSED_ANNOTATION))
                        .orElse(null));
    }

    private Optional<Function> function(FunctionId id) {
        return Optional.ofNullable(functions.getStore().getByKey(Cache.namespaceKeyFunc(id.namespace(), id.name())));
    }

    private void forgetAllBut(Set<FunctionId> present) {
        for (FunctionId id : Set.copyOf(histories.keySet())) {
            if (!present.contains(id)) {
                histories.remove(id);
                prepared.remove(id);
                woken.remove(id);
                written.remove(id);
                failingReads.remove(id);
                resting.forget(id);
                statusWrites.forget(id);
                metrics.forget(id);
            }
        }
    }
}
