package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Amz-Log-Type: Tail} through real hosts: a call that asks gets the last 4 KB of its own log with its
 * reply — Lambda's START, END and REPORT lines and what its handler wrote — and never a line of the call running
 * beside it in another slot; a call that does not ask gets no log.
 */
class LogTailIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final InvocationMessage.Context TAIL =
            new InvocationMessage.Context(Optional.empty(), Optional.empty(), Optional.empty(), true);

    private static TestTopology topology;
    private static Messages messages;
    private static HostProcess javaHost;
    private static HostProcess providedHost;
    private static FunctionId chatty;
    private static FunctionId bootstrap;

    @BeforeAll
    static void startHosts() throws Exception {
        topology = new TestTopology("rt-tail");
        messages = new Messages(topology.channel());
        chatty = topology.function("chatty");
        bootstrap = topology.function("bootstrap");
        javaHost = TestHosts.java(chatty, "dev.kfn.testfunctions.Plain::chatty")
                .env("KFN_CONCURRENCY", 2)
                .env("KFN_TIMEOUT_MILLIS", 20000)
                .start();
        Path root = Bootstraps.taskRoot("chatty", Bootstraps.CHATTY);
        providedHost = new HostProcess(bootstrap, "chatty.handler", root)
                .provided(root)
                .env("KFN_RUNTIME_API_PORT", 0)
                .start();
        javaHost.awaitReady();
        providedHost.awaitReady();
    }

    @AfterAll
    static void stopHosts() throws Exception {
        javaHost.close();
        providedHost.close();
        messages.close();
        topology.close();
    }

    private static String tail(GetResponse reply) {
        Object header = Messages.header(reply, InvocationHeaders.LOG_RESULT);
        assertThat(header)
                .as("the reply carries " + InvocationHeaders.LOG_RESULT)
                .isNotNull();
        return new String(Base64.getDecoder().decode(header.toString()), StandardCharsets.UTF_8);
    }

    @Test
    void aJavaCallGetsItsOwnLinesOnlyWhileAnotherRunsBesideIt() throws Exception {
        String slow = messages.call(chatty, "{\"word\":\"tortoise\",\"millis\":1500}", WAIT, TAIL);
        String quick = messages.call(chatty, "{\"word\":\"hare\"}", WAIT, TAIL);

        String quickTail = tail(messages.reply(quick, WAIT));
        String slowTail = tail(messages.reply(slow, WAIT));

        assertThat(quickTail)
                .startsWith("START RequestId: " + quick + " Version: $LATEST")
                .contains("chatty prints hare", "chatty logs hare", "END RequestId: " + quick)
                .contains("REPORT RequestId: " + quick + "\tDuration: ")
                .doesNotContain("tortoise")
                .doesNotContain(slow);
        assertThat(slowTail)
                .contains("chatty prints tortoise", "chatty logs tortoise", "END RequestId: " + slow)
                .doesNotContain("hare");
    }

    @Test
    void aCallThatDoesNotAskGetsNoLog() throws Exception {
        String id = messages.call(chatty, "{\"word\":\"quiet\"}", WAIT);
        GetResponse reply = messages.reply(id, WAIT);
        assertThat(Messages.body(reply)).isEqualTo("\"said quiet\"");
        assertThat(Messages.header(reply, InvocationHeaders.LOG_RESULT)).isNull();
    }

    @Test
    void theTailIsTheLastFourKilobytes() throws Exception {
        String id = messages.call(chatty, "{\"word\":\"" + "w".repeat(6000) + "\"}", WAIT, TAIL);
        String tail = tail(messages.reply(id, WAIT));
        assertThat(tail.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
        assertThat(tail).doesNotContain("START RequestId").contains("REPORT RequestId: " + id);
    }

    @Test
    void aProvidedBootstrapsOutputIsItsCallsLog() throws Exception {
        String id = messages.call(bootstrap, "{\"word\":\"shell\"}", WAIT, TAIL);
        String tail = tail(messages.reply(id, WAIT));
        assertThat(tail)
                .startsWith("START RequestId: " + id)
                .contains("END RequestId: " + id)
                .contains("REPORT RequestId: " + id);
    }
}
