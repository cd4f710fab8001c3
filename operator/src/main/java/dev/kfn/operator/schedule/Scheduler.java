package dev.kfn.operator.schedule;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.FunctionValidation;
import dev.kfn.api.ScheduleStatus;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.KfnMetric;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.BrokerConnection;
import dev.kfn.operator.KfnConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Fires the Functions' schedule triggers. Only the leader fires, so one operator decides each firing; each tick
 * it finds what is due ({@link FiringPlan}), puts it on the function's asynchronous queue ({@link FiringPublisher})
 * and records the firing in {@code status.schedules}, where the next leader resumes: a firing is recorded only
 * once the broker confirmed it, so it is never lost, and a leader that dies between the two makes its successor
 * fire it again under the same id. All of it runs on one thread. The clock is a bean, so time can be driven.
 */
@Singleton
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);
    /** How long a status write wins over an informer cache that has not seen it yet. */
    private static final Duration WRITE_SETTLES_IN = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final KfnConfig.Schedules config;
    private final String region;
    private final BrokerSettings brokerSettings;
    private final Clock clock;
    private final ScheduleStatusWriter writer;
    private final MeterRegistry registry;
    private final Counter errors;

    private final Map<FunctionId, Tracked> tracked = new HashMap<>();

    private volatile boolean leading;
    private ScheduledExecutorService loop;
    private SharedIndexInformer<Function> functions;
    private BrokerConnection broker;
    private FiringPublisher publisher;

    /** One function's schedules as this leader knows them; worked out again when its spec changes. */
    private static final class Tracked {
        final Long generation;
        final boolean valid;
        final List<ScheduleState> states;
        List<ScheduleStatus> written;
        Instant writtenAt;

        Tracked(Long generation, boolean valid, List<ScheduleState> states, Tracked before) {
            this.generation = generation;
            this.valid = valid;
            this.states = states;
            this.written = before == null ? null : before.written;
            this.writtenAt = before == null ? null : before.writtenAt;
        }
    }

    public Scheduler(
            KubernetesClient client,
            KfnConfig config,
            BrokerSettings brokerSettings,
            Clock clock,
            MeterRegistry registry) {
        this.client = client;
        this.config = config.schedules();
        this.region = config.region();
        this.brokerSettings = brokerSettings;
        this.clock = clock;
        this.writer = new ScheduleStatusWriter(client);
        this.registry = registry;
        this.errors = Counter.builder(KfnMetric.SCHEDULE_FIRING_ERRORS.meterName())
                .description("Firings the broker did not take; each is retried")
                .register(registry);
    }

    public void start() {
        if (!config.enabled()) {
            return;
        }
        functions = client.resources(Function.class).inAnyNamespace().inform();
        broker = new BrokerConnection(brokerSettings, "kfn-scheduler", connection -> {});
        publisher = new FiringPublisher(broker);
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kfn-scheduler"));
        broker.start();
        loop.scheduleWithFixedDelay(this::tick, 0, config.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A new term forgets what this replica knew and reads every schedule from the API server again: another leader
     * may have fired since.
     */
    public void lead(boolean leading) {
        if (this.leading == leading) {
            return;
        }
        this.leading = leading;
        if (loop != null) {
            loop.execute(tracked::clear);
        }
    }

    public void stop() {
        if (loop == null) {
            return;
        }
        // not interrupted: a tick between a firing's publish and its record finishes, so a restart does not fire it
        // twice
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
        Instant now = clock.instant();
        Set<FunctionId> present = new HashSet<>();
        for (Function fn : functions.getStore().list()) {
            if (fn.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            present.add(fn.id());
            // one function's trouble (its status unreadable for a moment) holds up no other
            try {
                run(fn, now);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Function %s: schedules not run this tick", fn.id());
            }
        }
        tracked.keySet().retainAll(present);
    }

    private void run(Function fn, Instant now) {
        Tracked schedules = track(fn, now);
        for (ScheduleState state : schedules.states) {
            if (!state.waitingToRetry(now)) {
                FiringPlan.due(state.schedule(), state.next(), fn.id(), state.trigger, now)
                        .ifPresent(due -> fire(fn, state, due, now));
            }
        }
        if (schedules.valid) {
            record(fn, schedules, now);
        }
    }

    /**
     * What this leader knows of the function's schedules wins; what status recorded comes next (a new term, a
     * restart); a schedule neither knows starts afresh. While the spec is invalid its schedules wait, as every
     * other change does, and resume from status once it is fixed.
     */
    private Tracked track(Function fn, Instant now) {
        Tracked known = tracked.get(fn.id());
        if (known != null && Objects.equals(known.generation, fn.getMetadata().getGeneration())) {
            return known;
        }
        boolean valid = FunctionValidation.problems(fn).isEmpty();
        List<ScheduleState> states = new ArrayList<>();
        List<Trigger> triggers = fn.getSpec().getTriggers();
        if (valid && triggers.stream().anyMatch(t -> t.getSchedule() != null)) {
            List<ScheduleStatus> recorded = known != null && known.valid ? List.of() : recorded(fn);
            for (int i = 0; i < triggers.size(); i++) {
                readable(triggers.get(i), i).ifPresent(schedule -> states.add(state(known, recorded, schedule, now)));
            }
        }
        Tracked schedules = new Tracked(fn.getMetadata().getGeneration(), valid, states, known);
        tracked.put(fn.id(), schedules);
        return schedules;
    }

    /**
     * What status recorded, read from the API server rather than the informer's cache: the cache may not hold
     * the last write yet, and resuming from an older record would fire a time again.
     */
    private List<ScheduleStatus> recorded(Function cached) {
        Function fresh = client.resources(Function.class)
                .inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName())
                .get();
        return Optional.ofNullable(fresh)
                .map(Function::getStatus)
                .map(FunctionStatus::getSchedules)
                .orElse(List.of());
    }

    private record Indexed(int trigger, Schedule schedule) {}

    /** A schedule trigger that reads; the reconciler reports the others in TriggersReady. */
    private static Optional<Indexed> readable(Trigger trigger, int index) {
        if (trigger.getSchedule() == null || trigger.kind().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Indexed(index, Schedule.read(trigger.getSchedule(), "spec.triggers[" + index + "].schedule")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ScheduleState state(Tracked known, List<ScheduleStatus> recorded, Indexed indexed, Instant now) {
        Optional<ScheduleState> kept = Optional.ofNullable(known).stream()
                .flatMap(k -> k.states.stream())
                .filter(s -> s.trigger == indexed.trigger() && s.sameSchedule(indexed.schedule()))
                .findFirst();
        kept.ifPresent(s -> s.update(indexed.schedule()));
        return kept.orElseGet(() -> ScheduleState.start(
                indexed.trigger(),
                indexed.schedule(),
                recorded.stream()
                        .filter(r -> Objects.equals(r.getTrigger(), indexed.trigger()))
                        .findFirst(),
                now));
    }

    private void fire(Function fn, ScheduleState state, FiringPlan.Due due, Instant now) {
        FunctionId id = fn.id();
        Optional<String> queuesWait = queuesNotReady(fn);
        if (queuesWait.isPresent()) {
            // a new function's first reconcile is still under way, or the broker is down: the firing stays due
            LOG.debugf("Function %s, trigger %d: %s", id, state.trigger, queuesWait.get());
            state.failed(
                    "the firing of " + due.scheduled() + " waits for the function's queues: " + queuesWait.get(), now);
            return;
        }
        byte[] body = ScheduledEventPayload.of(state.schedule(), due, id, state.trigger, region);
        InvocationMessage message = InvocationMessage.event(
                due.id().toString(), "schedule:" + state.trigger, InvocationMessage.Context.NONE, now);
        try {
            publisher.publish(id, message, body, noReadyInstance(fn));
        } catch (IOException | TimeoutException e) {
            errors.increment();
            String why = "the firing of " + due.scheduled() + " is not enqueued yet: " + BrokerConnection.describe(e);
            // said once per outage, not once per retry
            if (state.failing()) {
                LOG.debugf("Function %s, trigger %d: %s; retrying", id, state.trigger, why);
            } else {
                LOG.warnf("Function %s, trigger %d: %s; retrying with back-off", id, state.trigger, why);
            }
            state.failed(why, now);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (state.failing()) {
            LOG.infof("Function %s, trigger %d: the firing of %s is enqueued", id, state.trigger, due.scheduled());
        }
        state.fired(due, now);
        Timer.builder(KfnMetric.SCHEDULE_FIRING_DELAY.meterName())
                .description("From a firing's time to its enqueue")
                .tag("late", Boolean.toString(due.late()))
                .register(registry)
                .record(Duration.between(
                        FiringPlan.leavesAt(state.schedule(), id, state.trigger, due.scheduled()), now));
        if (due.late()) {
            LOG.infof(
                    "Function %s, trigger %d: fired %s late by %ds, standing for %d missed times",
                    id, state.trigger, due.scheduled(), due.lateBy().toSeconds(), due.missed());
        } else {
            LOG.debugf("Function %s, trigger %d: fired %s", id, state.trigger, due.scheduled());
        }
    }

    /**
     * Writes when status says otherwise than this leader knows: it changed something, or another writer put an
     * older record back. A write is not repeated until it has had time to reach the informer's cache. Nothing is
     * written before the reconciler's first status, which would replace it.
     */
    private void record(Function fn, Tracked schedules, Instant now) {
        if (fn.getStatus() == null) {
            return;
        }
        List<ScheduleStatus> desired =
                schedules.states.stream().map(ScheduleState::status).toList();
        List<ScheduleStatus> seen =
                Optional.ofNullable(fn.getStatus().getSchedules()).orElse(List.of());
        if (desired.equals(seen)
                || desired.equals(schedules.written)
                        && schedules.writtenAt.plus(WRITE_SETTLES_IN).isAfter(now)) {
            return;
        }
        try {
            writer.write(fn, desired);
            schedules.written = desired;
            schedules.writtenAt = now;
        } catch (RuntimeException e) {
            LOG.warnf("Function %s: schedule status not written: %s; retrying", fn.id(), e.getMessage());
        }
    }

    /** Why the function's queues cannot take a firing yet, as the reconciler last reported them. */
    private static Optional<String> queuesNotReady(Function fn) {
        Optional<Condition> queues =
                Optional.ofNullable(fn.getStatus()).flatMap(status -> status.condition(FunctionStatus.QUEUE_READY));
        if (queues.isEmpty()) {
            return Optional.of("not declared yet");
        }
        return "True".equals(queues.get().getStatus())
                ? Optional.empty()
                : Optional.of(queues.get().getMessage());
    }

    private static boolean noReadyInstance(Function fn) {
        return Optional.ofNullable(fn.getStatus())
                        .map(FunctionStatus::getReadyReplicas)
                        .orElse(0)
                == 0;
    }
}
