package dev.kfn.operator.clusterevent;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.BrokerConnection;
import dev.kfn.operator.KfnConfig;
import dev.kfn.operator.schedule.FiringPublisher;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Delivers the Functions' clusterEvent triggers. Only the leader watches: one watch of the API server per distinct
 * (apiVersion, kind, namespace, label selector) that some Function asks for, started when the first asks and
 * stopped when the last stops, each change put on every subscribed function's asynchronous queue in EventBridge's
 * envelope ({@link ClusterEventPayload}) through the schedules' confirmed publishing path. A watch starts where the
 * last leader had delivered up to ({@link WatchPositions}), or at "now" after listing what exists — never with an
 * ADDED for every object that already exists. All of it runs on one thread; the watches' callbacks only hand their changes to it.
 */
@Singleton
public class ClusterEventSource {

    private static final Logger LOG = Logger.getLogger(ClusterEventSource.class);
    /** Changes held per watch while the broker does not take them; past it the watch stops and resumes later. */
    private static final int MAX_PENDING = 1000;

    private final KubernetesClient client;
    private final KfnConfig.ClusterEvents config;
    private final String region;
    private final BrokerSettings brokerSettings;
    private final Clock clock;
    private final WatchPositions positions;
    private final Counter delivered;
    private final Counter skipped;

    private final Map<WatchKey, ResourceWatch> watches = new HashMap<>();
    private final Map<WatchKey, Instant> retryAt = new HashMap<>();
    private Map<String, String> recorded = new HashMap<>();
    private boolean positionsChanged;
    private Instant positionsWrittenAt = Instant.EPOCH;

    private volatile boolean leading;
    private ScheduledExecutorService loop;
    private SharedIndexInformer<Function> functions;
    private BrokerConnection broker;
    private FiringPublisher publisher;

    /** A function's trigger on a watch. */
    record Subscriber(FunctionId function, int trigger, ClusterEventFilter filter) {
        String name() {
            return function + "#" + trigger;
        }
    }

    public ClusterEventSource(
            KubernetesClient client,
            KfnConfig config,
            BrokerSettings brokerSettings,
            Clock clock,
            MeterRegistry registry) {
        this.client = client;
        this.config = config.clusterEvents();
        this.region = config.region();
        this.brokerSettings = brokerSettings;
        this.clock = clock;
        this.positions = new WatchPositions(client, config.operatorNamespace());
        this.delivered = Counter.builder(KfnMetric.CLUSTER_EVENTS_DELIVERED.meterName())
                .description("Cluster events put on a function's queue")
                .register(registry);
        this.skipped = Counter.builder(KfnMetric.CLUSTER_EVENTS_SKIPPED.meterName())
                .description("Cluster events not delivered to a function whose queues are not declared")
                .register(registry);
    }

    public void start() {
        if (!config.enabled()) {
            return;
        }
        functions = client.resources(Function.class).inAnyNamespace().inform();
        broker = new BrokerConnection(brokerSettings, "kfn-cluster-events", connection -> {});
        publisher = new FiringPublisher(broker);
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kfn-cluster-events"));
        broker.start();
        loop.scheduleWithFixedDelay(this::tick, 0, config.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new term reads where the last leader's watches had delivered up to; a lost one stops every watch. */
    public void lead(boolean leading) {
        if (this.leading == leading) {
            return;
        }
        this.leading = leading;
        if (loop != null) {
            loop.execute(leading ? this::readPositions : this::stopAll);
        }
    }

    public void stop() {
        if (loop == null) {
            return;
        }
        loop.execute(() -> {
            if (leading) {
                writePositions(true);
            }
            stopAll();
        });
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker.close();
        functions.close();
        loop = null;
        leading = false;
    }

    private void tick() {
        if (!leading) {
            return;
        }
        try {
            Instant now = clock.instant();
            Map<WatchKey, List<Subscriber>> wanted = subscribers();
            for (WatchKey key : new ArrayList<>(watches.keySet())) {
                if (!wanted.containsKey(key)) {
                    LOG.infof("No Function asks for %s any more: watch stopped", key);
                    watches.remove(key).close();
                    recorded.remove(key.id());
                    positionsChanged = true;
                }
            }
            retryAt.keySet().retainAll(wanted.keySet());
            for (Map.Entry<WatchKey, List<Subscriber>> entry : wanted.entrySet()) {
                WatchKey key = entry.getKey();
                if (!watches.containsKey(key)
                        && !retryAt.getOrDefault(key, Instant.EPOCH).isAfter(now)) {
                    startWatch(key, now);
                }
                ResourceWatch watch = watches.get(key);
                if (watch != null) {
                    deliver(watch, entry.getValue(), now);
                }
            }
            writePositions(false);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Cluster events: tick failed; retrying");
        }
    }

    /** Every valid clusterEvent trigger of every Function, by the watch it needs. */
    private Map<WatchKey, List<Subscriber>> subscribers() {
        Map<WatchKey, List<Subscriber>> wanted = new HashMap<>();
        for (Function fn : functions.getStore().list()) {
            if (fn.getMetadata().getDeletionTimestamp() != null
                    || !FunctionValidation.problems(fn).isEmpty()) {
                continue;
            }
            List<Trigger> triggers = fn.getSpec().getTriggers();
            for (int i = 0; i < triggers.size(); i++) {
                Trigger trigger = triggers.get(i);
                if (trigger.getClusterEvent() == null || trigger.kind().isEmpty()) {
                    continue;
                }
                WatchKey key = WatchKey.of(fn.id(), trigger.getClusterEvent());
                if (!ClusterEventAccess.allowed(fn, key, config.allowOtherNamespaces())) {
                    continue;
                }
                try {
                    ClusterEventFilter filter = ClusterEventFilter.read(
                            key, trigger.getClusterEvent(), "spec.triggers[" + i + "].clusterEvent");
                    wanted.computeIfAbsent(key, k -> new ArrayList<>()).add(new Subscriber(fn.id(), i, filter));
                } catch (IllegalArgumentException e) {
                    // reported in TriggersReady by the reconciler
                }
            }
        }
        return wanted;
    }

    private void startWatch(WatchKey key, Instant now) {
        WatchedKind kind;
        String from;
        try {
            kind = WatchedKind.resolve(client, key);
        } catch (IllegalArgumentException | KubernetesClientException e) {
            retryLater(key, e.getMessage(), now);
            return;
        }
        List<GenericKubernetesResource> existing = List.of();
        try {
            from = recorded.get(key.id());
            if (from == null) {
                GenericKubernetesResourceList listed = kind.objects(client)
                        .list(new ListOptionsBuilder()
                                .withLabelSelector(key.labelSelector().orElse(null))
                                .build());
                existing = listed.getItems();
                from = listed.getMetadata().getResourceVersion();
            }
        } catch (KubernetesClientException e) {
            retryLater(key, ClusterEventAccess.refusal(kind, e), now);
            return;
        }
        ResourceWatch watch = new ResourceWatch(kind, Optional.ofNullable(from), existing);
        watches.put(key, watch);
        retryAt.remove(key);
        try {
            watch.watching(kind.objects(client)
                    .watch(
                            new ListOptionsBuilder()
                                    .withResourceVersion(from)
                                    .withLabelSelector(key.labelSelector().orElse(null))
                                    .build(),
                            watcher(key, watch)));
        } catch (KubernetesClientException e) {
            watches.remove(key);
            retryLater(key, ClusterEventAccess.refusal(kind, e), now);
            return;
        }
        LOG.infof("Watching %s from resourceVersion %s", key, from);
        // from the start, so that what changes before the first delivery is not missed by a next leader either
        if (from != null && !from.equals(recorded.get(key.id()))) {
            recorded.put(key.id(), from);
            positionsChanged = true;
        }
    }

    /** The Function's status says why, from the reconciler's own check ({@link ClusterEventAccess}). */
    private void retryLater(WatchKey key, String why, Instant now) {
        LOG.warnf("Cannot watch %s: %s; trying again in %s", key, why, config.retryAfter());
        retryAt.put(key, now.plus(config.retryAfter()));
    }

    private Watcher<GenericKubernetesResource> watcher(WatchKey key, ResourceWatch watch) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource object) {
                if (action == Action.BOOKMARK || action == Action.ERROR) {
                    return;
                }
                Instant seen = clock.instant();
                loop.execute(() -> received(key, watch, action.name(), object, seen));
            }

            @Override
            public void onClose(WatcherException cause) {
                loop.execute(() -> closed(key, watch, cause));
            }
        };
    }

    private void received(
            WatchKey key, ResourceWatch watch, String eventType, GenericKubernetesResource object, Instant seen) {
        if (watches.get(key) != watch) {
            return;
        }
        watch.change(eventType, object, seen).ifPresent(watch.pending::addLast);
        if (watch.pending.size() > MAX_PENDING) {
            // the broker is not taking them: resume from the last delivered change later rather than hold more
            LOG.warnf("Watch of %s: %d changes wait for the broker; pausing it", key, watch.pending.size());
            watches.remove(key).close();
            retryAt.put(key, clock.instant().plus(config.retryAfter()));
        }
    }

    /**
     * The API server ended the watch for good. Gone (410): it no longer has the changes since the position, so the
     * watch starts afresh from now and what changed in between is not delivered. Anything else: resume from the
     * position.
     */
    private void closed(WatchKey key, ResourceWatch watch, WatcherException cause) {
        if (watches.get(key) != watch) {
            return;
        }
        watches.remove(key).close();
        if (cause.isHttpGone()) {
            LOG.warnf(
                    "Watch of %s: the API server no longer has the changes after resourceVersion %s; changes"
                            + " since then are not delivered, watching afresh",
                    key, watch.position().orElse("?"));
            recorded.remove(key.id());
            positionsChanged = true;
        } else {
            LOG.warnf("Watch of %s closed: %s; resuming", key, cause.getMessage());
            watch.position().ifPresent(p -> recorded.put(key.id(), p));
        }
    }

    /**
     * Changes go in order; each reaches every subscriber that wants it before the next. A broker that does not take
     * one holds up this watch until it does; a function whose queues are not there is passed over, so it holds up no
     * other.
     */
    private void deliver(ResourceWatch watch, List<Subscriber> subscribers, Instant now) {
        while (!watch.pending.isEmpty()) {
            ResourceWatch.Change change = watch.pending.peekFirst();
            for (Subscriber subscriber : subscribers) {
                if (change.deliveredTo().contains(subscriber.name())
                        || !subscriber.filter().matches(change.eventType(), change.object())) {
                    continue;
                }
                if (!publish(watch, subscriber, change, now)) {
                    return;
                }
                change.deliveredTo().add(subscriber.name());
            }
            watch.delivered();
            watch.position().ifPresent(p -> recorded.put(watch.kind.key().id(), p));
            positionsChanged = true;
        }
    }

    /** @return false when the broker did not take it, to be tried again next tick */
    private boolean publish(ResourceWatch watch, Subscriber subscriber, ResourceWatch.Change change, Instant now) {
        Function fn = functions
                .getStore()
                .getByKey(subscriber.function().namespace() + "/"
                        + subscriber.function().name());
        if (fn == null) {
            return true;
        }
        byte[] body = ClusterEventPayload.of(
                watch.kind.key(),
                change.eventType(),
                change.object(),
                change.before().filter(b -> "MODIFIED".equals(change.eventType())),
                watch.kind.path(change.object()),
                region,
                change.seen());
        InvocationMessage message = InvocationMessage.event(
                ClusterEventPayload.id(change.eventType(), change.object()),
                "clusterEvent:" + subscriber.trigger(),
                InvocationMessage.Context.NONE,
                now);
        try {
            publisher.publish(subscriber.function(), message, body, noReadyInstance(fn));
            delivered.increment();
            return true;
        } catch (FiringPublisher.NotRoutedException e) {
            skipped.increment();
            // a function created a moment ago whose queues are not declared yet, or one being deleted
            LOG.infof("Function %s: a cluster event is not delivered: %s", subscriber.function(), e.getMessage());
            return true;
        } catch (IOException | TimeoutException e) {
            LOG.warnf("Cluster events of %s wait for the broker: %s", watch.kind.key(), BrokerConnection.describe(e));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readPositions() {
        try {
            recorded = positions.read();
        } catch (KubernetesClientException e) {
            LOG.warnf("Cluster event positions not read: %s; watches start from now", e.getMessage());
            recorded = new HashMap<>();
        }
        positionsChanged = false;
    }

    /** At most every few seconds: a change delivered again after a crash has the same id. */
    private void writePositions(boolean now) {
        Instant at = clock.instant();
        if (!positionsChanged
                || !now && positionsWrittenAt.plus(config.positionsEvery()).isAfter(at)) {
            return;
        }
        try {
            positions.write(Map.copyOf(recorded));
            positionsChanged = false;
            positionsWrittenAt = at;
        } catch (KubernetesClientException e) {
            LOG.warnf("Cluster event positions not written: %s; retrying", e.getMessage());
        }
    }

    private void stopAll() {
        watches.values().forEach(ResourceWatch::close);
        watches.clear();
        retryAt.clear();
    }

    private static boolean noReadyInstance(Function fn) {
        return Optional.ofNullable(fn.getStatus())
                        .map(FunctionStatus::getReadyReplicas)
                        .orElse(0)
                == 0;
    }
}
