package dev.kfn.runtime;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.api.QueueNames;
import dev.kfn.runtime.broker.BrokerConnection;
import dev.kfn.runtime.broker.ConfirmedPublisher;
import dev.kfn.runtime.broker.Delivery;
import dev.kfn.runtime.broker.InvocationConsumer;
import dev.kfn.runtime.config.HostConfig;
import dev.kfn.runtime.invoke.Backlog;
import dev.kfn.runtime.invoke.DestinationAddress;
import dev.kfn.runtime.invoke.ErrorBody;
import dev.kfn.runtime.invoke.FunctionIdentity;
import dev.kfn.runtime.invoke.FunctionRunner;
import dev.kfn.runtime.invoke.HostMetrics;
import dev.kfn.runtime.invoke.Invocation;
import dev.kfn.runtime.invoke.InvocationProcessor;
import dev.kfn.runtime.invoke.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The life of one instance: initialise the handler, then consume; on SIGTERM stop taking work, give
 * back what never started, and let what runs finish. Init runs on its own thread so that the health
 * endpoints answer (live, not ready) while it takes its time.
 */
@ApplicationScoped
public class Host {

    private static final Logger LOG = Logger.getLogger(Host.class);

    private final HostConfig config;
    private final RunnerFactory runners;
    private final FunctionIdentity function;
    private final HostMetrics metrics;
    private final Backlog backlog = new Backlog();
    private final List<InvocationConsumer> consumers = new ArrayList<>();
    private final List<Thread> slots = new ArrayList<>();
    private volatile FunctionRunner runner;
    private volatile Connection connection;
    private volatile boolean consuming;
    private volatile boolean stopping;

    Host(HostConfig config, RunnerFactory runners, MeterRegistry registry) {
        this.config = config;
        this.runners = runners;
        this.function = FunctionIdentity.of(config);
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
            if (config.codeUrl().isPresent()) {
                CodeFetcher.fetch(URI.create(config.codeUrl().get()), Path.of(config.taskRoot()));
                LOG.infof("Unpacked %s into %s", config.codeUrl().get(), config.taskRoot());
            }
            runner = runners.create(this::replaceInstance, metrics::coldStart);
            Optional<ErrorBody> initError = runner.init();
            Duration initTook = Duration.ofNanos(System.nanoTime() - begin);
            metrics.initialised(initTook);
            initError.ifPresentOrElse(
                e -> LOG.errorf("Init failed after %d ms (%s: %s); the next invocation gets this error and init is tried again",
                    initTook.toMillis(), e.errorType(), e.errorMessage()),
                () -> LOG.infof("Handler initialised in %d ms", initTook.toMillis()));
            consume();
            LOG.infof("Consuming with %d slots, %d ms after init began", config.concurrency(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        } catch (Exception e) {
            LOG.error("The host could not start; exiting so that the instance is replaced", e);
            Quarkus.asyncExit(1);
        }
    }

    private void consume() throws Exception {
        QueueNames queues = new QueueNames(function.namespace(), function.name());
        InvocationProcessor processor = new InvocationProcessor(runner, function, config.timeoutMillis(),
            new RetryPolicy(config.maxRetries(), config.retryDelays(), Duration.ofSeconds(config.maxEventAgeSeconds())),
            config.onSuccess().map(DestinationAddress::parse), config.onFailure().map(DestinationAddress::parse), metrics);
        connection = BrokerConnection.open(config, "kfn-host " + function.namespace() + "/" + function.name());
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication() && !stopping) {
                LOG.error("Lost the broker connection; exiting so that the instance is replaced", cause);
                Quarkus.asyncExit(1);
            }
        });
        declareTopicExchange(config.onSuccess(), config.onFailure());
        for (int i = 0; i < config.concurrency(); i++) {
            ConfirmedPublisher publisher = new ConfirmedPublisher(connection);
            int slot = i;
            Thread thread = new Thread(() -> work(slot, processor, publisher), "kfn-slot-" + i);
            slots.add(thread);
            thread.start();
        }
        startConsumers(queues);
    }

    /** Synchronised with {@link #stopTaking()}: a SIGTERM during init must not be followed by new consumers. */
    private synchronized void startConsumers(QueueNames queues) throws IOException {
        if (stopping) {
            return;
        }
        InvocationConsumer sync = new InvocationConsumer(connection, Invocation.Kind.SYNC, config.concurrency());
        InvocationConsumer async = new InvocationConsumer(connection, Invocation.Kind.ASYNC, config.concurrency());
        consumers.add(sync);
        consumers.add(async);
        sync.start(queues.sync(), backlog);
        async.start(queues.async(), backlog);
        consuming = true;
    }

    /** Publishing to a missing exchange fails; no other part of kfn declares the topic exchange yet. */
    private void declareTopicExchange(Optional<String> onSuccess, Optional<String> onFailure) throws Exception {
        boolean topic = Stream.of(onSuccess, onFailure).flatMap(Optional::stream)
            .map(DestinationAddress::parse).anyMatch(d -> d.exchange().equals(DestinationAddress.TOPIC_EXCHANGE));
        if (topic) {
            try (Channel channel = connection.createChannel()) {
                channel.exchangeDeclare(DestinationAddress.TOPIC_EXCHANGE, BuiltinExchangeType.TOPIC, true);
            }
        }
    }

    private void work(int slot, InvocationProcessor processor, ConfirmedPublisher publisher) {
        try (publisher) {
            while (true) {
                Optional<Delivery> next = backlog.take();
                if (next.isEmpty()) {
                    return;
                }
                processor.process(next.get(), slot, publisher);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ready once the handler is initialised and invocations flow. */
    public boolean ready() {
        return consuming && !stopping && runner != null && runner.initialised();
    }

    /** Stops taking invocations and gives back the unstarted ones; those running carry on. */
    private synchronized void stopTaking() {
        if (stopping) {
            return;
        }
        stopping = true;
        consumers.forEach(InvocationConsumer::stop);
        List<Delivery> unstarted = backlog.close();
        unstarted.forEach(Delivery::requeue);
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
        if (connection != null && connection.isOpen()) {
            try {
                connection.close();
            } catch (Exception e) {
                LOG.debug("Broker connection closed uncleanly", e);
            }
        }
        LOG.info("Drained; stopping");
    }
}
