package dev.kfn.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One runtime host process: what a pod is on a node. */
public final class HostInstance {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build();

    private final String podName;
    private final String containerName;
    private final Process process;
    private final Instant startedAt = Instant.now();
    private final int httpPort;
    private final URI readiness;
    private volatile boolean ready;

    private HostInstance(String podName, String containerName, Process process, int httpPort) {
        this.podName = podName;
        this.containerName = containerName;
        this.process = process;
        this.httpPort = httpPort;
        this.readiness = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
    }

    public static HostInstance start(
            String podName, String containerName, List<String> command, Map<String, String> env, int httpPort, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new HostInstance(podName, containerName, builder.start(), httpPort);
    }

    public String podName() {
        return podName;
    }

    public String containerName() {
        return containerName;
    }

    public int httpPort() {
        return httpPort;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Probes readiness as the kubelet's readiness probe does, and remembers the answer. */
    public boolean probe() {
        if (!process.isAlive()) {
            ready = false;
            return false;
        }
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(readiness)
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            ready = response.statusCode() == 200;
        } catch (IOException e) {
            ready = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        return ready;
    }

    public boolean ready() {
        return ready && process.isAlive();
    }

    /** SIGTERM, then SIGKILL once the pod's grace period has passed. */
    public void stop(Duration grace) {
        ready = false;
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
