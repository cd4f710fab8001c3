package dev.kfn.testsupport;

import static org.awaitility.Awaitility.await;

import dev.kfn.contract.broker.BrokerManagement;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of a test's own, on other ports, for tests that stop or restart the broker while the machine's
 * node keeps serving every other test. Started from the Debian package's scripts with its own data, log and
 * config under a temporary directory; the plugins kfn needs on (management, consistent-hash exchange).
 */
public final class SecondBroker implements AutoCloseable {

    private static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private static final String CTL = "rabbitmqctl";

    private final String node;
    private final int amqpPort;
    private final int managementPort;
    private final Path dir;
    private Process server;

    private SecondBroker(String node, int amqpPort, int managementPort, Path dir) {
        this.node = node;
        this.amqpPort = amqpPort;
        this.managementPort = managementPort;
        this.dir = dir;
    }

    /** Starts a node and waits until AMQP and the management API answer. */
    public static SecondBroker start() throws IOException {
        int amqp = FreePorts.next();
        int management = FreePorts.next();
        Path dir = Files.createTempDirectory(
                "kfn-rabbit-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        SecondBroker broker = new SecondBroker("kfn" + amqp + "@localhost", amqp, management, dir);
        broker.launch();
        return broker;
    }

    private void launch() throws IOException {
        Files.writeString(
                dir.resolve("node.conf"),
                "listeners.tcp.default = " + amqpPort + "\n" + "management.tcp.port = " + managementPort + "\n"
                        + "loopback_users = none\n");
        Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_management,rabbitmq_consistent_hash_exchange].\n");
        ProcessBuilder builder = new ProcessBuilder(SERVER)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.out").toFile());
        Map<String, String> env = builder.environment();
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(amqpPort + 20_000));
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("node").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("node.pid").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("HOME", "/var/lib/rabbitmq");
        server = builder.start();
        ctl(Duration.ofSeconds(90), "await_startup");
        awaitManagement();
    }

    /** Connection settings of this node, with guest allowed from anywhere. */
    public BrokerSettings settings() {
        return BrokerSettings.defaults().withPort(amqpPort, "http://localhost:" + managementPort);
    }

    /** Stops the broker application: every connection drops, the node stays. */
    public void stopApp() {
        ctl(Duration.ofSeconds(60), "stop_app");
    }

    public void startApp() {
        ctl(Duration.ofSeconds(60), "start_app");
        ctl(Duration.ofSeconds(60), "await_startup");
        awaitManagement();
    }

    /** Closes every client connection, as an operator's {@code rabbitmqctl close_all_connections} does. */
    public void closeAllConnections(String reason) {
        ctl(Duration.ofSeconds(30), "close_all_connections", reason);
    }

    private void awaitManagement() {
        BrokerManagement management = new BrokerManagement(settings());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> management.overview() != null);
    }

    /** Runs rabbitmqctl against this node until it succeeds: await_startup can exit 69 before the node has registered. */
    private void ctl(Duration within, String... args) {
        List<String> command = new ArrayList<>(List.of(CTL, "-n", node, "-q"));
        command.addAll(List.of(args));
        await().atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .failFast(this + " exited", () -> server != null && !server.isAlive())
                .until(() -> {
                    Process ctl = new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    return ctl.waitFor(within.toSeconds(), TimeUnit.SECONDS) && ctl.exitValue() == 0;
                });
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            ctl(Duration.ofSeconds(60), "stop");
        } finally {
            if (server != null) {
                server.destroyForcibly();
                server.waitFor();
            }
            deleteFiles();
        }
    }

    /** The node's data, logs and config: a test's node leaves nothing behind. */
    private void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return "RabbitMQ node " + node + " on " + amqpPort + " (management " + managementPort + ", files " + dir + ")";
    }
}
