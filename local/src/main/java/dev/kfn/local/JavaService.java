package dev.kfn.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A kfn component (operator, gateway) run as its packaged Quarkus application in a process of its own. */
public final class JavaService implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final Process process;
    private final int httpPort;
    private final String readinessPath;

    private JavaService(String name, Process process, int httpPort, String readinessPath) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.readinessPath = readinessPath;
    }

    /** @param readinessPath where the service answers 200 once ready, as its readiness probe asks */
    public static JavaService start(
            String name, Path jar, Map<String, String> env, int httpPort, String readinessPath, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        // Quarkus listens on every interface unless told
        builder.environment().put("QUARKUS_HTTP_HOST", env.getOrDefault("QUARKUS_HTTP_HOST", LocalSettings.LOOPBACK));
        return new JavaService(name, builder.start(), httpPort, readinessPath);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code of a process that has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    public int httpPort() {
        return httpPort;
    }

    /** Waits until the service reports ready, or fails naming the service and its log. */
    public void awaitReady(Duration within, Path log) {
        Instant deadline = Instant.now().plus(within);
        URI ready = URI.create("http://127.0.0.1:" + httpPort + readinessPath);
        while (Instant.now().isBefore(deadline)) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + exitCode() + "; see " + log);
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(ready)
                                                .timeout(Duration.ofSeconds(1))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + within.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
