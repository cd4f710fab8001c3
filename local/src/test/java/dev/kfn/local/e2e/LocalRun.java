package dev.kfn.local.e2e;

import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.StreamSpec;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvokePath;
import dev.kfn.local.InstanceJvm;
import dev.kfn.local.LocalPlatform;
import dev.kfn.local.LocalSettings;
import dev.kfn.testsupport.FreePorts;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestFunctions;
import e2e.handlers.Ledgered;
import e2e.handlers.Record;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.joda.time.DateTime;

/**
 * kfn local's whole platform for a test class — embedded API, operator, gateway, node agent — with the test
 * handlers (package {@code e2e.handlers}) as one function archive, and what the tests do with it: create functions
 * and wait until they are Ready, invoke through the gateway, count effects, read instances from the API.
 */
public final class LocalRun implements AutoCloseable {

    public static final String NAMESPACE = "default";
    private static final Duration CACHE_TRAINED_WITHIN = Duration.ofMinutes(3);
    private static final Path SHARED_HOST_CACHE = Path.of("target/host-cache").toAbsolutePath();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Path work;
    private final LocalPlatform platform;
    private final Path handlers;

    private LocalRun(Path work, LocalPlatform platform, Path handlers) {
        this.work = work;
        this.platform = platform;
        this.handlers = handlers;
    }

    /** {@code env}: more settings for kfn local, such as {@code KFN_BROKER_*} for another broker. */
    public static LocalRun start(Path work, Map<String, String> env) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("KFN_LOCAL_DIR", work.toString());
        all.put("KFN_GATEWAY_PORT", Integer.toString(FreePorts.next()));
        // one host build for every test of the module: its class cache is trained once, by the first run
        all.putIfAbsent("KFN_HOST_CACHE_DIR", SHARED_HOST_CACHE.toString());
        // ScheduledEvent and the joda-time it reads its time with: what a clusterEvent handler ships in lib/
        Path handlers = TaskRoots.zip(TaskRoots.java(Record.class, ScheduledEvent.class, DateTime.class));
        LocalSettings settings =
                LocalSettings.from(all, Path.of("..").toAbsolutePath().normalize());
        LocalPlatform platform = new LocalPlatform(settings).start();
        if (platform.gatewayUrl().isEmpty()) {
            platform.close();
            throw new IllegalStateException("the gateway is not built");
        }
        if (settings.hostClassCache()) {
            // every instance of the tests then starts as kfn local's do after its first seconds, and no training
            // competes with a test for the machine
            try {
                await().atMost(CACHE_TRAINED_WITHIN)
                        .until(() -> platform.instanceJvm().classCache().isPresent());
            } catch (ConditionTimeoutException e) {
                platform.close();
                throw new IllegalStateException("the host's class cache was not trained within " + CACHE_TRAINED_WITHIN
                        + "; see " + work.resolve("logs/host-cache-training.log"));
            }
        }
        return new LocalRun(work, platform, handlers);
    }

    /** The JVM kfn local starts instances on. */
    public InstanceJvm instanceJvm() {
        return platform.instanceJvm();
    }

    public KubernetesClient client() {
        return platform.api().client();
    }

    /** The namespace kfn's chart is installed in, where the operator keeps its own objects. */
    public String releaseNamespace() {
        return platform.releaseNamespace();
    }

    public String gateway() {
        return platform.gatewayUrl().orElseThrow();
    }

    public String operator() {
        return platform.operatorUrl();
    }

    /** A function running {@code handler} of the test handlers; returns once it is Ready. */
    public void create(String name, String handler, Consumer<FunctionSpec> change) {
        FunctionId id = new FunctionId(NAMESPACE, name);
        Function fn = TestFunctions.java(id, spec -> {
            spec.getCode().setUrl(handlers.toUri().toString());
            spec.setHandler(handler);
            change.accept(spec);
        });
        TestFunctions.create(client(), fn);
        TestFunctions.awaitReady(client(), id, Duration.ofSeconds(60));
    }

    /** A function running {@link Record}, leaving its effects in {@code effects}. */
    public void createRecord(String name, Path effects, Consumer<FunctionSpec> change) {
        create(name, Record.class.getName() + "::handleRequest", spec -> {
            spec.setTimeout("30s");
            spec.setEnv(List.of(new EnvVar("EFFECTS_DIR", effects.toString(), null)));
            change.accept(spec);
        });
    }

    /** An empty effects directory of its own for one function. */
    public Path effects(String name) throws IOException {
        Path dir = work.resolve("effects").resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    public static long count(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .count();
        }
    }

    public URI invokeUri(String name) {
        return URI.create(gateway() + InvokePath.of(new FunctionId(NAMESPACE, name)));
    }

    public CompletableFuture<HttpResponse<String>> invoke(String name, String body) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(invokeUri(name))
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A Stream of the run's namespace. */
    public void createStream(String name, int partitions) {
        dev.kfn.api.Stream stream = new dev.kfn.api.Stream();
        stream.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        StreamSpec spec = new StreamSpec();
        spec.setPartitions(partitions);
        stream.setSpec(spec);
        client().resource(stream).create();
    }

    /** Puts records, all under one partition key, through the gateway's stream API. */
    public HttpResponse<String> putRecords(String stream, String partitionKey, List<String> data)
            throws IOException, InterruptedException {
        String entries = data.stream()
                .map(d -> "{\"partitionKey\":\"" + partitionKey + "\",\"data\":\""
                        + Base64.getEncoder().encodeToString(d.getBytes(StandardCharsets.UTF_8)) + "\"}")
                .collect(Collectors.joining(","));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway() + "/streams/" + NAMESPACE + "/" + stream))
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[" + entries + "]}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An Event invocation through Lambda's Invoke API. */
    public CompletableFuture<HttpResponse<String>> invokeAsync(String name, String body) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(
                                gateway() + "/2015-03-31/functions/" + NAMESPACE + "%2F" + name + "/invocations"))
                        .header("X-Amz-Invocation-Type", "Event")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public int replicas(String name) {
        Deployment d = client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
        return d == null ? -1 : d.getSpec().getReplicas();
    }

    public int readyReplicas(String name) {
        Deployment d = client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
    }

    /** The process ids of a function's instances, read from their Pods' container ids as a cluster user would. */
    public List<Long> pids(String name) {
        Deployment d = client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
        if (d == null) {
            return List.of();
        }
        return client()
                .pods()
                .inNamespace(NAMESPACE)
                .withLabels(d.getSpec().getSelector().getMatchLabels())
                .list()
                .getItems()
                .stream()
                .map(Pod::getStatus)
                .filter(status -> status != null && status.getContainerStatuses() != null)
                .flatMap(status -> status.getContainerStatuses().stream())
                .map(ContainerStatus::getContainerID)
                .filter(containerId -> containerId != null)
                .map(containerId -> Long.parseLong(containerId.substring(containerId.indexOf("://") + 3)))
                .sorted()
                .toList();
    }

    /** A function running {@link Ledgered}, appending each run to a file of its process in {@code records}. */
    public void createLedgered(String name, Path records, Consumer<FunctionSpec> change) {
        create(name, Ledgered.class.getName() + "::handleRequest", spec -> {
            spec.setTimeout("30s");
            spec.setEnv(List.of(new EnvVar("RECORDS_DIR", records.toString(), null)));
            change.accept(spec);
        });
    }

    public void delete(String name) {
        client().resources(Function.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    /** kfn local's gateway process, found as {@code ps} finds it: a child of this JVM running the gateway's jar. */
    public Optional<ProcessHandle> gatewayProcess() {
        return component("gateway");
    }

    public Optional<ProcessHandle> operatorProcess() {
        return component("operator");
    }

    private static Optional<ProcessHandle> component(String module) {
        String jar = "/" + module + "/target/quarkus-app/quarkus-run.jar";
        return ProcessHandle.current()
                .children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(jar))
                .findFirst();
    }

    @Override
    public void close() {
        platform.close();
    }
}
