package dev.kfn.local;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.HostJvm;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.ReplyRoute;
import dev.kfn.contract.Runtime;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Trains the host's class cache with a real run: the packaged host, on the JDK instances use, against the real
 * broker, running {@link TrainingHandler} for {@link #INVOCATIONS} synchronous invocations published as the
 * gateway publishes them, then stopped with SIGTERM as on scale-down, so the JVM exits normally and writes the cache.
 * The training function's queues are declared from the contract and deleted afterwards.
 */
final class HostCacheTraining {

    private static final Logger LOG = Logger.getLogger(HostCacheTraining.class.getName());

    /** Enough for every class of the invocation path to be loaded and its hot methods profiled. */
    static final int INVOCATIONS = 300;

    /** A function of a 128 MiB java function's size: the host's most common flags. */
    private static final int MEMORY_MIB = 128;

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);
    private static final byte[] EVENT = "{\"training\":true}".getBytes(StandardCharsets.UTF_8);

    private HostCacheTraining() {}

    /** Trains {@code cache} unless it exists. The run's log is {@code work}/logs/host-cache-training.log. */
    static void train(HostClassCache cache, HostJdk jdk, Path hostJar, Path work, BrokerSettings broker)
            throws IOException, InterruptedException {
        if (cache.trained()) {
            return;
        }
        Files.createDirectories(cache.file().getParent());
        // a name of its own too: kfn locals sharing the cache's folder may train at the same time
        Path output = cache.file().resolveSibling(cache.file().getFileName() + "." + UUID.randomUUID() + ".training");
        // a name of its own: another kfn local on the same broker may be training at the same time
        FunctionId function = new FunctionId(
                "kfn-local",
                "host-cache-training-" + UUID.randomUUID().toString().substring(0, 8));
        Path taskRoot = taskRoot(work.resolve("host-cache-training"));
        Path log = Files.createDirectories(work.resolve("logs")).resolve("host-cache-training.log");
        long began = System.nanoTime();
        try (Connection connection = broker.connectionFactory().newConnection("kfn-local-host-cache-training")) {
            Channel channel = connection.createChannel();
            FunctionTopology.of(
                            function,
                            new FunctionTopology.Options(
                                    FunctionTopology.Options.CLASSIC,
                                    FunctionTopology.Options.DEFAULTS.asyncDeliveryLimit()),
                            OptionalInt.empty())
                    .declare(channel);
            try {
                run(cache, jdk, hostJar, broker, function, taskRoot, log, output, channel);
            } finally {
                FunctionTopology.delete(channel, function);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker did not answer", e);
        }
        if (!Files.isRegularFile(output)) {
            throw new IOException("the training run wrote no cache; see " + log);
        }
        Files.move(output, cache.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        removeOthers(cache.file());
        LOG.info(() -> "trained the runtime host's class cache " + cache.file() + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms");
    }

    private static void run(
            HostClassCache cache,
            HostJdk jdk,
            Path hostJar,
            BrokerSettings broker,
            FunctionId function,
            Path taskRoot,
            Path log,
            Path output,
            Channel channel)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(lowPriority());
        command.add(jdk.java().toString());
        command.addAll(HostJvm.options(MEMORY_MIB, Runtime.JAVA));
        command.addAll(cache.trainOptions(output));
        command.addAll(List.of("-jar", hostJar.toString()));
        Map<String, String> pod = new HashMap<>(broker.environment());
        pod.put(HostEnvironment.FUNCTION_NAMESPACE, function.namespace());
        pod.put(HostEnvironment.FUNCTION_NAME, function.name());
        pod.put(HostEnvironment.HANDLER, TrainingHandler.class.getName() + "::handle");
        pod.put(HostEnvironment.MEMORY_MIB, Integer.toString(MEMORY_MIB));
        Map<String, String> env = HostLaunch.environment(pod, HostLaunch.freePort(), taskRoot);
        HostInstance host = HostInstance.start(
                "host-cache-training", "host", command, env, Integer.parseInt(env.get("QUARKUS_HTTP_PORT")), log);
        try {
            awaitReady(host, log);
            invoke(channel, function);
        } finally {
            host.stop(EXIT_WITHIN);
        }
    }

    /**
     * Training is background work: at the lowest CPU priority, so on a busy machine it takes its time rather than
     * the instances' (the cache is assembled at exit by a child JVM, which inherits it). {@code nice} execs the
     * JVM, so the process is still the host's.
     */
    private static List<String> lowPriority() {
        boolean nice = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "nice")));
        return nice ? List.of("nice", "-n", "19") : List.of();
    }

    private static void awaitReady(HostInstance host, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (!host.probe()) {
            if (!host.alive() || Instant.now().isAfter(deadline)) {
                throw new IOException("the training host did not become ready; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** Closed-loop synchronous calls, each answered before the next, as a caller through the gateway makes them. */
    private static void invoke(Channel channel, FunctionId function) throws IOException, InterruptedException {
        String replyQueue = channel.queueDeclare().getQueue();
        channel.queueBind(replyQueue, Exchange.REPLY.exchangeName(), ReplyRoute.bindingKey(replyQueue));
        BlockingQueue<String> replies = new ArrayBlockingQueue<>(1);
        channel.basicConsume(
                replyQueue,
                true,
                (tag, delivery) -> replies.offer(delivery.getProperties().getCorrelationId()),
                tag -> {});
        for (int i = 0; i < INVOCATIONS; i++) {
            String id = UUID.randomUUID().toString();
            InvocationMessage call = InvocationMessage.sync(
                    id,
                    id,
                    replyQueue,
                    Duration.ofSeconds(30),
                    "kfn-local",
                    InvocationMessage.Context.NONE,
                    Instant.now());
            channel.basicPublish(
                    Exchange.INVOKE.exchangeName(), function.queues().sync(), call.encode(), EVENT);
            if (!id.equals(replies.poll(30, TimeUnit.SECONDS))) {
                throw new IOException("the training host did not answer invocation " + i);
            }
        }
    }

    /** The training handler's class file alone: a function's code, as a task root holds it. */
    private static Path taskRoot(Path dir) throws IOException {
        String name = TrainingHandler.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve("task").resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = TrainingHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " on kfn local's class path");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir.resolve("task");
    }

    /**
     * Caches of earlier host builds or JDKs: never named again, so only disk. Another kfn local's training under way
     * is no cache yet and stays.
     */
    private static void removeOthers(Path kept) throws IOException {
        try (Stream<Path> files = Files.list(kept.getParent())) {
            for (Path other : files.filter(f -> !f.equals(kept)
                            && HostClassCache.isCache(f.getFileName().toString()))
                    .toList()) {
                Files.deleteIfExists(other);
            }
        }
    }
}
