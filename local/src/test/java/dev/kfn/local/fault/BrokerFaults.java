package dev.kfn.local.fault;

import static org.awaitility.Awaitility.await;

import dev.kfn.contract.broker.BrokerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Faults a broker operator causes on the test's own RabbitMQ node with the broker's own tools: the management plugin
 * stopped and started, the memory alarm raised by a high watermark far below what the node uses, then lowered.
 */
final class BrokerFaults {

    private final String node;

    /** {@code settings}: the test-support second node's, whose node name is {@code kfn<AMQP port>@localhost}. */
    BrokerFaults(BrokerSettings settings) {
        this.node = "kfn" + settings.port() + "@localhost";
    }

    /** The management plugin's application stopped on the node: its HTTP API goes away, AMQP stays. */
    void disableManagement() {
        run("rabbitmqctl", "-n", node, "eval", "ok = application:stop(rabbitmq_management).");
    }

    void enableManagement() {
        run("rabbitmqctl", "-n", node, "eval", "ok = application:start(rabbitmq_management).");
    }

    /** Every publisher is blocked until {@link #clearMemoryAlarm()}. */
    void raiseMemoryAlarm() {
        run("rabbitmqctl", "-n", node, "set_vm_memory_high_watermark", "absolute", "1MB");
    }

    void clearMemoryAlarm() {
        run("rabbitmqctl", "-n", node, "set_vm_memory_high_watermark", "0.4");
    }

    private static void run(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.add(1, "-q");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Process process = new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
                });
    }
}
