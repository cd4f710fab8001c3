package dev.kfn.gateway.it;

import static org.awaitility.Awaitility.await;

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

/**
 * The packaged runtime host as a real process, configured through its environment as the operator's pod
 * template configures it. The jar is the copy Maven takes of runtime-image's build (system property
 * {@code kfn.host.jar}).
 */
public final class HostProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LOGS = Path.of("target", "host-logs");

    private final Map<String, String> env = new HashMap<>();
    private final String name;
    private final int httpPort = freePort();
    private Process process;
    private Path log;

    public HostProcess(QueueNames function, String handler) {
        this.name = function.function();
        env.put(HostEnvironment.FUNCTION_NAMESPACE, function.namespace());
        env.put(HostEnvironment.FUNCTION_NAME, function.function());
        env.put(HostEnvironment.HANDLER, handler);
        env.put(HostEnvironment.MEMORY_MIB, "256");
        env.put("KFN_TASK_ROOT", TaskRoot.java().toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    }

    public HostProcess env(String key, Object value) {
        env.put(key, value.toString());
        return this;
    }

    public HostProcess start() throws IOException {
        String jar = System.getProperty("kfn.host.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("No runtime host at " + jar + "; build it first: mvn -pl runtime-image -am package -DskipTests");
        }
        Files.createDirectories(LOGS);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(HostJvm.options(Integer.parseInt(env.get(HostEnvironment.MEMORY_MIB)), Runtime.JAVA));
        command.add("-jar");
        command.add(jar);
        log = Files.createTempFile(LOGS, name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        process = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .failFast("host exited: " + this, () -> !process.isAlive())
            .until(() -> ready());
        return this;
    }

    private boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + HostEnvironment.READINESS_PATH))
                .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public String toString() {
        return "host " + name + " (log " + log + ")";
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
