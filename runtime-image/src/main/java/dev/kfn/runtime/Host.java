package dev.kfn.runtime;

import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.runtime.broker.BrokerLink;
import dev.kfn.runtime.broker.ConfirmedPublisher;
import dev.kfn.runtime.broker.ConfirmedReplies;
import dev.kfn.runtime.broker.InvocationDelivery;
import dev.kfn.runtime.broker.QueueConsumer;
import dev.kfn.runtime.config.HostConfig;
import dev.kfn.runtime.invoke.Backlog;
import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.EventEndings;
import dev.kfn.runtime.invoke.FunctionInstance;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.invoke.HostMetrics;
import dev.kfn.runtime.invoke.InvocationLog;
import dev.kfn.runtime.invoke.InvocationOutput;
import dev.kfn.runtime.invoke.InvocationProcessor;
import dev.kfn.runtime.invoke.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * The life of one instance: initialise the handler, then consume; on SIGTERM stop taking work, give back what never
 * started, and let what runs finish. Init runs on its own thread so that the health endpoints answer (live, not
 * ready) while it takes its time. A broker outage does not end the instance: it reports not ready, and consumes
 * again with the same handler once the broker is back ({@link BrokerLink}). It declares nothing on the broker: the
 * function's broker identity may not, and the operator declares every queue and exchange it uses.
 */
@ApplicationScoped
public class Host {

    private static final Logger LOG = Logger.getLogger(Host.class);

    private final HostConfig config;
    private final BrokerSettings broker;
    private final RunnerFactory runners;
    private final FunctionInstance function;
    private final HostMetrics metrics;
    private final Backlog backlog = new Backlog();
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final List<Thread> slots = new ArrayList<>();
    private final ScheduledExecutorService brokerThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kfn-broker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile FunctionRunner runner;
    private volatile String initFailure;
    private volatile BrokerLink link;
    private volatile InvocationProcessor processor;
    /** For {@link #stopTaking()}, which holds this object's lock while it gives back. */
    private ConfirmedPublisher giveBack;

    private volatile ConfirmedReplies replies;

    private volatile boolean stopping;

    Host(HostConfig config, BrokerSettings broker, RunnerFactory runners, MeterRegistry registry) {
        this.config = config;
        this.broker = broker;
        this.runners = runners;
        this.function = FunctionInstance.of(config);
        this.metrics = new HostMetrics(registry, function);
    }

    void onStart(@Observes StartupEvent event) {
        // SIGTERM is the normal end of an instance (scale-down, rollout): drain, then exit 0 rather than the JVM's 143
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        Thread init = new Thread(this::start, "kfn-init");
        init.start();
    }

    private void start() {
        long begin = System.nanoTime();
        try {
            InvocationOutput.install(config.concurrency());
            runner = runners.create(this::replaceInstance, metrics::coldStart);
            Optional<ErrorBody> initError = runner.init();
            initError.ifPresent(e -> initFailure = e.errorType() + ": " + e.errorMessage());
            Duration initTook = Duration.ofNanos(System.nanoTime() - begin);
            metrics.initialised(initTook);
            initError.ifPresentOrElse(
                    e -> LOG.errorf(
                            "Init failed after %d ms (%s: %s); the next invocation gets this error and init is tried again",
                            initTook.toMillis(), e.errorType(), e.errorMessage()),
                    () -> LOG.infof("Handler initialised in %d ms", initTook.toMillis()));
            consume(initTook);
            LOG.infof(
                    "Connecting with %d slots, %d ms after init began",
                    config.concurrency(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        } catch (Exception e) {
            LOG.error("The host could not start; exiting so that the instance is replaced", e);
            Quarkus.asyncExit(1);
        }
    }

    private void consume(Duration initTook) {
        String namespace = function.id().namespace();
        Optional<DestinationAddress> onSuccess =
                config.onSuccess().map(value -> DestinationAddress.parse(value, namespace));
        Optional<DestinationAddress> onFailure =
                config.onFailure().map(value -> DestinationAddress.parse(value, namespace));
        EventEndings events = new EventEndings(
                function,
                new RetryPolicy(
                        config.maxRetries(), config.retryDelays(), Duration.ofSeconds(config.maxEventAgeSeconds())),
                onSuccess,
                onFailure,
                metrics);
        InvocationProcessor created = new InvocationProcessor(
                function.id(),
                runner,
                events,
                config.timeoutMillis(),
                config.maxUnfinishedDeliveries(),
                metrics,
                new InvocationLog(System.out, config.memoryMib(), initTook),
                brokerThread);
        BrokerLink opened = new BrokerLink(broker, "kfn-host " + function.id(), brokerThread);
        QueueNames queues = function.id().queues();
        consumers.add(new QueueConsumer(
                queues.sync(), InvocationKind.SYNC, config.concurrency(), backlog::offer, brokerThread));
        consumers.add(new QueueConsumer(
                queues.async(), InvocationKind.ASYNC, config.concurrency(), backlog::offer, brokerThread));
        consumers.forEach(consumer -> opened.onConnect(consumer::connected));
        link = opened;
        processor = created;
        giveBack = new ConfirmedPublisher(opened);
        ConfirmedReplies confirmedReplies = new ConfirmedReplies(opened, created::replyUnconfirmed);
        replies = confirmedReplies;
        for (int i = 0; i < config.concurrency(); i++) {
            ConfirmedPublisher publisher = new ConfirmedPublisher(opened);
            int slot = i;
            Thread thread = new Thread(() -> work(slot, created, publisher, confirmedReplies), "kfn-slot-" + i);
            slots.add(thread);
            thread.start();
        }
        startLink(opened);
    }

    /** Synchronised with {@link #stopTaking()}: a SIGTERM during init must not be followed by consumers. */
    private synchronized void startLink(BrokerLink opened) {
        if (!stopping) {
            opened.start();
        }
    }

    /** A slot lives as long as the instance: nothing one invocation does ends it. */
    private void work(int slot, InvocationProcessor processor, ConfirmedPublisher publisher, ConfirmedReplies replies) {
        try (publisher) {
            while (true) {
                Optional<InvocationDelivery> next = backlog.take();
                if (next.isEmpty()) {
                    return;
                }
                processor.process(next.get(), slot, publisher, replies);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The instance's failed init, {@code <errorType>: <errorMessage>}, while the handler is still not initialised
     * (every call tries the init again, and one that succeeds clears it).
     */
    public Optional<String> initFailure() {
        FunctionRunner current = runner;
        return current == null || current.initialised() ? Optional.empty() : Optional.ofNullable(initFailure);
    }

    /** Ready once the handler is initialised and both queues are consumed on a live connection. */
    public boolean ready() {
        BrokerLink current = link;
        return !stopping
                && runner != null
                && runner.initialised()
                && current != null
                && current.connected()
                && consumers.stream().allMatch(QueueConsumer::consuming);
    }

    /** Stops taking invocations and gives back the unstarted ones; those running carry on. */
    private synchronized void stopTaking() {
        if (stopping) {
            return;
        }
        stopping = true;
        consumers.forEach(QueueConsumer::stop);
        List<InvocationDelivery> unstarted = backlog.close();
        // nothing is delivered before consume() set both
        unstarted.forEach(delivery -> processor.giveBack(delivery, giveBack));
        LOG.infof("Stopped taking invocations; gave %d unstarted back to the queue", unstarted.size());
    }

    /** An environment that cannot be reset in place: drain and exit non-zero, so that a fresh instance takes over. */
    private void replaceInstance() {
        stopTaking();
        Quarkus.asyncExit(1);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopTaking();
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        for (Thread slot : slots) {
            try {
                slot.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (runner != null) {
            runner.close();
        }
        if (replies != null) {
            // the calls whose replies are out are acked as their confirms come
            replies.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            replies.close();
        }
        if (giveBack != null) {
            giveBack.close();
        }
        if (link != null) {
            link.close();
        }
        brokerThread.shutdownNow();
        LOG.info("Drained; stopping");
    }
}
