package dev.kfn.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.broker.BrokerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kfn dlq <fn>}: the events a function gave up on, in its dead-letter queue, with why — looked at, sent back to
 * the function as new events, or dropped. Talks to the broker as {@code KFN_BROKER_*} says (kfn local's by default).
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "The events a function gave up on (its dead-letter queue): look at them, redrive or purge them.")
final class DlqCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_SHOWN = 200;

    @Spec
    CommandSpec spec;

    @Mixin
    Targets targets;

    @Parameters(paramLabel = "FUNCTION")
    String name;

    @ArgGroup(exclusive = true)
    Action action = new Action();

    static final class Action {
        @Option(names = "--peek", paramLabel = "N", description = "show the first N events, leaving them (default 10)")
        int peek = 10;

        @Option(names = "--redrive", description = "send every event back to the function, as a first attempt")
        boolean redrive;

        @Option(names = "--purge", description = "delete every event")
        boolean purge;
    }

    @Override
    public Integer call() throws Exception {
        FunctionId id = new FunctionId(
                Optional.ofNullable(targets.namespace)
                        .orElse(System.getenv().getOrDefault("KFN_LOCAL_NAMESPACE", "default")),
                name);
        QueueNames queues = new QueueNames(id);
        BrokerSettings broker = BrokerSettings.fromEnvironment(System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = connect(broker)) {
            Channel channel = connection.createChannel();
            long held = depth(channel, connection, queues.deadLetter(), id);
            if (action.purge) {
                out.println(id + ": purged "
                        + channel.queuePurge(queues.deadLetter()).getMessageCount() + " events");
            } else if (action.redrive) {
                out.println(id + ": redrove " + redrive(channel, queues) + " events to " + queues.async());
            } else {
                out.println(id + ": " + held + " events in " + queues.deadLetter());
                peek(channel, queues.deadLetter(), action.peek, out);
            }
        }
        return 0;
    }

    private static Connection connect(BrokerSettings broker) {
        try {
            return broker.connectionFactory().newConnection("kfn-cli");
        } catch (IOException | TimeoutException e) {
            throw new CliException(
                    "the broker at " + broker + " does not answer (" + e.getMessage()
                            + "); start kfn local (./kfn local) or set KFN_BROKER_HOST, KFN_BROKER_USERNAME, KFN_BROKER_PASSWORD");
        }
    }

    private static long depth(Channel channel, Connection connection, String queue, FunctionId id) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException) {
                throw new CliException(id + " has no dead-letter queue " + queue
                        + " on this broker; kfn list shows the functions there are");
            }
            throw new CliException("the broker refused to read " + queue + ": " + e.getMessage());
        }
    }

    /** Gets without acknowledging; closing the channel puts every one back where it was. */
    private static void peek(Channel channel, String queue, int count, PrintWriter out) throws IOException {
        for (int i = 0; i < count; i++) {
            GetResponse message = channel.basicGet(queue, false);
            if (message == null) {
                return;
            }
            out.println(describe(message.getProps(), message.getBody()));
        }
    }

    /** One at a time, acknowledged only once the broker confirmed its copy in the function's queue: none is lost. */
    private static int redrive(Channel channel, QueueNames queues) throws Exception {
        channel.confirmSelect();
        int moved = 0;
        for (GetResponse message = channel.basicGet(queues.deadLetter(), false);
                message != null;
                message = channel.basicGet(queues.deadLetter(), false)) {
            channel.basicPublish("", queues.async(), true, asFirstAttempt(message.getProps()), message.getBody());
            channel.waitForConfirmsOrDie(10_000);
            channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
            moved++;
        }
        return moved;
    }

    /** A redriven event starts again: attempt 1, its age from now, no reason or error of the last time. */
    static AMQP.BasicProperties asFirstAttempt(AMQP.BasicProperties props) {
        Map<String, Object> headers =
                new HashMap<>(Optional.ofNullable(props.getHeaders()).orElse(Map.of()));
        headers.remove(InvocationHeaders.DEAD_LETTER_REASON);
        headers.remove(InvocationHeaders.ERROR);
        headers.keySet().removeIf(header -> header.startsWith("x-"));
        headers.put(InvocationHeaders.ATTEMPT, 1);
        headers.put(InvocationHeaders.ENQUEUED_AT, System.currentTimeMillis());
        return props.builder().headers(headers).build();
    }

    /** One line per event: its request id, why it was given up, on which attempt, its last error and its body. */
    static String describe(AMQP.BasicProperties props, byte[] body) {
        Map<String, Object> headers = Optional.ofNullable(props.getHeaders()).orElse(Map.of());
        StringBuilder line = new StringBuilder("  ")
                .append(Optional.ofNullable(props.getMessageId()).orElse("(no request id)"))
                .append("  ")
                .append(header(headers, InvocationHeaders.DEAD_LETTER_REASON).orElse("(no reason)"));
        header(headers, InvocationHeaders.ATTEMPT)
                .ifPresent(a -> line.append(" after attempt ").append(a));
        header(headers, InvocationHeaders.ERROR)
                .map(DlqCommand::errorMessage)
                .ifPresent(e -> line.append(": ").append(e));
        String text = new String(body, StandardCharsets.UTF_8);
        line.append("\n    ").append(text.length() > BODY_SHOWN ? text.substring(0, BODY_SHOWN) + "…" : text);
        return line.toString();
    }

    private static Optional<String> header(Map<String, Object> headers, String name) {
        return Optional.ofNullable(headers.get(name)).map(Object::toString);
    }

    private static String errorMessage(String errorJson) {
        try {
            JsonNode error = JSON.readTree(errorJson);
            return error.path("errorType").asText() + " "
                    + error.path("errorMessage").asText();
        } catch (IOException e) {
            return errorJson;
        }
    }
}
