package dev.kfn.runtime.it;

import dev.kfn.api.HostEnvironment;
import dev.kfn.api.HostJvm;
import dev.kfn.api.QueueNames;
import dev.kfn.api.Runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The packaged runtime host as a real process, started as a pod starts it: {@code java <flags> -jar
 * quarkus-run.jar} with its configuration in the environment.
 */
public final class HostProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path LOGS = Path.of("target", "host-logs");
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(20_000 + new Random().nextInt(10_000));

    private final Map<String, String> env = new HashMap<>();
    private final String name;
    private final int httpPort;
    private Runtime runtime = Runtime.JAVA;
    private Process process;
    private Path log;

    public HostProcess(QueueNames function, String handler) {
        this.name = function.function();
        this.httpPort = freePort();
        env.put(HostEnvironment.FUNCTION_NAMESPACE, function.namespace());
        env.put(HostEnvironment.FUNCTION_NAME, function.function());
        env.put(HostEnvironment.HANDLER, handler);
        env.put(HostEnvironment.MEMORY_MIB, "128");
        env.put("KFN_TASK_ROOT", TaskRoot.java().toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    }

    public HostProcess env(String key, Object value) {
        env.put(key, value.toString());
        return this;
    }

    public HostProcess provided(Path taskRoot) {
        runtime = Runtime.PROVIDED;
        env.put(HostEnvironment.RUNTIME, "provided");
        env.put("KFN_TASK_ROOT", taskRoot.toString());
        env.put("KFN_RUNTIME_API_PORT", Integer.toString(freePort()));
        return this;
    }

    /** The Runtime API base of slot 0, as a bootstrap sees it in AWS_LAMBDA_RUNTIME_API. */
    public URI runtimeApi() {
        return URI.create("http://127.0.0.1:" + env.get("KFN_RUNTIME_API_PORT") + "/2018-06-01/runtime");
    }

    public HostProcess start() throws IOException {
        Files.createDirectories(LOGS);
        List<String> command = new ArrayList<>(HostJvm.options(Integer.parseInt(env.get(HostEnvironment.MEMORY_MIB)), runtime));
        command.add(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("kfn.host.jar"));
        log = Files.createTempFile(LOGS, name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        process = builder.start();
        return this;
    }

    public HostProcess awaitReady() {
        // generous: several JVMs start at once on a 2-core machine that may be running other builds
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
            .failFast("host exited: " + this, () -> !process.isAlive())
            .until(() -> status("/q/health/ready") == 200);
        return this;
    }

    public int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String metrics() throws Exception {
        return HTTP.send(request("/q/metrics"), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of one Prometheus sample, 0 when absent; {@code selector} is the metric name with labels as printed. */
    public double metric(String name, String labelFragment) throws Exception {
        return metrics().lines()
            .filter(l -> l.startsWith(name) && l.contains(labelFragment))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build();
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
        return "host " + name + " (log " + log + ")";
    }

    /**
     * A free port below Linux's ephemeral range (32768+): a port the kernel hands out could be taken by
     * any outgoing connection, such as another host's broker connection, before this host binds it.
     */
    static int freePort() {
        while (true) {
            int port = NEXT_PORT.getAndIncrement();
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try the next one
            }
        }
    }
}
