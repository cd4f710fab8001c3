package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher at the repository root, for what it answers and does before it builds or starts kfn. */
class KfnScriptTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run kfn(String... args) throws IOException, InterruptedException {
        return kfn(Map.of(), Duration.ofSeconds(30), args);
    }

    private static Run kfn(Map<String, String> env, Duration within, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of("..", "kfn").toAbsolutePath().normalize().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(within.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out.join(), err);
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void helpIsAnAnswerNotAnError() throws Exception {
        Run help = kfn("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("./kfn local [folder]", "./kfn operator");
        assertThat(kfn("local", "--help").exitCode()).isZero();
    }

    @Test
    void aMissingFolderIsSaidPlainly() throws Exception {
        Run missing = kfn("local", "/no/such/folder");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .startsWith("kfn: /no/such/folder: no such folder")
                .doesNotContain("bash");
    }

    @Test
    void anUnknownCommandShowsTheUsage() throws Exception {
        Run unknown = kfn("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("./kfn local [folder]", "kfn: unknown command: frobnicate");
    }

    /**
     * What {@code ./kfn local} does first on a machine where RabbitMQ is installed but not running: it starts it and
     * enables the plugins kfn needs. Shown on a node of this test's own (the Debian package's scripts, its own ports
     * and files, no plugin enabled), so the machine's broker keeps serving the other tests.
     */
    @Test
    void anInstalledRabbitMqThatIsNotRunningIsStartedWithThePluginsKfnNeeds() throws Exception {
        int amqp = FreePorts.next();
        int management = FreePorts.next();
        String node = "kfn-script" + amqp + "@localhost";
        // Debian's rabbitmq-server runs the node as the rabbitmq user, which writes its data here
        Path dir = Files.createTempDirectory("kfn-script-rabbit-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(
                dir.resolve("node.conf"),
                "listeners.tcp.default = " + amqp + "\nmanagement.tcp.port = " + management + "\n");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Map<String, String> env = Map.of(
                "KFN_BROKER_PORT", Integer.toString(amqp),
                "KFN_BROKER_MANAGEMENT_URL", "http://localhost:" + management,
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_NODE_PORT", Integer.toString(amqp),
                "RABBITMQ_DIST_PORT", Integer.toString(amqp + 20_000),
                "RABBITMQ_CONFIG_FILE", dir.resolve("node").toString(),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                "RABBITMQ_PID_FILE", dir.resolve("node.pid").toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        try {
            Run started = kfn(env, Duration.ofSeconds(180), "broker");

            assertThat(started.exitCode()).as(started.err()).isZero();
            assertThat(started.err())
                    .contains("kfn: starting RabbitMQ", "kfn: enabling RabbitMQ's plugins")
                    .contains("kfn: RabbitMQ answers on localhost:" + amqp);
            BrokerSettings broker = BrokerSettings.defaults().withPort(amqp, "http://localhost:" + management);
            assertThat(BrokerProbe.problem(broker)).isEmpty();
            try (Connection connection = broker.connectionFactory().newConnection("kfn-script-test");
                    Channel channel = connection.createChannel()) {
                // the consistent-hash exchange type is a plugin's: kfn's Streams need it
                channel.exchangeDeclare("kfn-script-test", "x-consistent-hash", false, true, null);
            }
            assertThat(kfn(env, Duration.ofSeconds(60), "broker").err())
                    .as("a second call finds it running")
                    .doesNotContain("kfn: starting RabbitMQ");
        } finally {
            new ProcessBuilder("rabbitmqctl", "-n", node, "-q", "stop")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(60, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
