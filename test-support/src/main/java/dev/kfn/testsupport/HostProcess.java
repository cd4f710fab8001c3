package dev.kfn.testsupport;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.HostJvm;
import dev.kfn.contract.Runtime;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged runtime host as a real process, started as a pod starts it: {@code java <flags> -jar
 * quarkus-run.jar} with its configuration in the environment the operator writes. The jar is named by the system
 * property {@code kfn.host.jar} (each module's surefire configuration points it at runtime-image's build).
 */
public final class HostProcess implements AutoCloseable {

    public static final String JAR_PROPERTY = "kfn.host.jar";
    private static final Path LOGS = Path.of("target", "host-logs");

    private final Map<String, String> env = new HashMap<>();
    private final FunctionId function;
    private final int httpPort = FreePorts.next();
    private Runtime runtime = Runtime.JAVA;
    private Process process;
    private Path log;

    public HostProcess(FunctionId function, String handler, Path taskRoot) {
        this.function = function;
        env.put(HostEnvironment.FUNCTION_NAMESPACE, function.namespace());
        env.put(HostEnvironment.FUNCTION_NAME, function.name());
        env.put(HostEnvironment.HANDLER, handler);
        env.put(HostEnvironment.MEMORY_MIB, "128");
        env.put("KFN_TASK_ROOT", taskRoot.toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        broker(BrokerSettings.defaults());
    }

    public HostProcess env(String key, Object value) {
        env.put(key, value.toString());
        return this;
    }

    public HostProcess broker(BrokerSettings settings) {
        env.putAll(settings.environment());
        return this;
    }

    /** A {@code provided} function: the bootstrap in {@code taskRoot} behind the Runtime API on a free port. */
    public HostProcess provided(Path taskRoot) {
        runtime = Runtime.PROVIDED;
        env.put(HostEnvironment.RUNTIME, Runtime.PROVIDED.value());
        env.put("KFN_TASK_ROOT", taskRoot.toString());
        env.put("KFN_RUNTIME_API_PORT", Integer.toString(FreePorts.next()));
        return this;
    }

    /** The Runtime API base of slot 0, as a bootstrap sees it in AWS_LAMBDA_RUNTIME_API. */
    public URI runtimeApi() {
        return URI.create("http://127.0.0.1:" + env.get("KFN_RUNTIME_API_PORT") + "/2018-06-01/runtime");
    }

    public HostProcess start() throws IOException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException(
                    "No runtime host at " + jar + "; build it first: ./mvnw -pl runtime-image -am package -DskipTests");
        }
        Files.createDirectories(LOGS);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(HostJvm.options(Integer.parseInt(env.get(HostEnvironment.MEMORY_MIB)), runtime));
        command.add("-jar");
        command.add(jar);
        log = Files.createTempFile(LOGS, function.name() + "-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        process = builder.start();
        return this;
    }

    public HostProcess startReady() throws IOException {
        return start().awaitReady();
    }

    public HostProcess awaitReady() {
        // generous: several JVMs start at once on a 2-core machine that may be running other builds
        Http.awaitStatus(
                uri(HostEnvironment.READINESS_PATH), 200, Duration.ofSeconds(90), () -> !process.isAlive(), toString());
        return this;
    }

    public int status(String path) {
        return Http.status(uri(path));
    }

    public boolean ready() {
        return status(HostEnvironment.READINESS_PATH) == 200;
    }

    /** The readiness answer's body, whatever its status. */
    public String readiness() throws IOException, InterruptedException {
        return Http.get(uri(HostEnvironment.READINESS_PATH));
    }

    public String metrics() throws IOException, InterruptedException {
        return Http.get(uri(HostEnvironment.METRICS_PATH));
    }

    /** The sum of the Prometheus samples of {@code name} whose labels contain {@code labelFragment}; 0 when absent. */
    public double metric(String name, String labelFragment) throws IOException, InterruptedException {
        return metrics()
                .lines()
                .filter(l -> l.startsWith(name) && l.contains(labelFragment))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Where a scraper finds this host: {@code host:port} of its HTTP server, which serves /q/metrics. */
    public String scrapeTarget() {
        return "127.0.0.1:" + httpPort;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL to the host and what it started, as when a container dies: nothing gets a chance to clean up. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as Kubernetes sends on scale-down. */
    public void terminate() {
        process.destroy();
    }

    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("host still running after " + within + ": " + this);
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "host " + function + " (log " + log + ")";
    }
}
