package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code provided} functions: real bootstrap processes behind the host's Lambda Runtime API. */
class ProvidedRuntimeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestTopology topology;
    private static Messages messages;
    private static final List<HostProcess> hosts = new ArrayList<>();
    private static FunctionId shell;
    private static FunctionId ric;
    private static FunctionId failingInit;
    private static HostProcess failingInitHost;

    @BeforeAll
    static void startHosts() throws Exception {
        topology = new TestTopology("rt-test");
        messages = new Messages(topology.channel());
        shell = topology.function("shell");
        ric = topology.function("ric");
        failingInit = topology.function("failing-init");
        // port 0: the host picks free Runtime API ports and tells each bootstrap its own
        Path shellRoot = Bootstraps.taskRoot("shell", Bootstraps.SHELL_RUNTIME);
        hosts.add(new HostProcess(shell, "echo.handler", shellRoot)
                .provided(shellRoot)
                .env("KFN_TIMEOUT_MILLIS", 2000)
                .env("KFN_RUNTIME_API_PORT", 0)
                .start());
        Path ricRoot = Bootstraps.javaRuntimeInterfaceClient(TestHosts.taskRoot());
        hosts.add(new HostProcess(ric, "dev.kfn.testfunctions.Greeter::handleRequest", ricRoot)
                .provided(ricRoot)
                .start());
        // started through KFN_BOOTSTRAP_COMMAND, as the operator passes a spec's command and args
        Path failingInitRoot = Bootstraps.taskRoot("failing-init", Bootstraps.FAILING_INIT);
        Files.setPosixFilePermissions(
                failingInitRoot.resolve("bootstrap"), PosixFilePermissions.fromString("rw-r--r--"));
        failingInitHost = new HostProcess(failingInit, "any", failingInitRoot)
                .provided(failingInitRoot)
                .env("KFN_BOOTSTRAP_COMMAND", "/bin/sh," + failingInitRoot.resolve("bootstrap"))
                .start();
        hosts.add(failingInitHost);
        hosts.get(0).awaitReady();
        hosts.get(1).awaitReady();
    }

    @AfterAll
    static void stopHosts() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        messages.close();
        topology.close();
    }

    private JsonNode call(FunctionId function, String payload) throws Exception {
        return JSON.readTree(
                messages.reply(messages.call(function, payload, WAIT), WAIT).getBody());
    }

    @Test
    void shellBootstrapAnswersWithLambdasEnvironment() throws Exception {
        JsonNode reply = call(shell, "{\"n\":1}");
        assertThat(reply.at("/echo/n").asInt()).isEqualTo(1);
        assertThat(reply.path("handler").asText()).isEqualTo("echo.handler");
        assertThat(reply.path("function").asText()).isEqualTo("shell");
        assertThat(reply.path("taskRoot").asText()).contains("task-roots/shell-");
        assertThat(reply.path("deadline").asLong()).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void errorPostedByTheRuntimeIsTheFunctionError() throws Exception {
        GetResponse reply = messages.reply(messages.call(shell, "{\"fail\":true}", WAIT), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(Messages.body(reply))
                .isEqualTo("{\"errorMessage\":\"asked to fail\",\"errorType\":\"UserError\",\"stackTrace\":[]}");
    }

    @Test
    void timeoutKillsTheBootstrapAndAFreshOneServesTheNextCall() throws Exception {
        long pidBefore = call(shell, "{}").path("pid").asLong();
        JsonNode timedOut = call(shell, "{\"sleep\":true}");
        assertThat(timedOut.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(timedOut.path("errorMessage").asText()).endsWith("Task timed out after 2.00 seconds");
        long pidAfter = call(shell, "{}").path("pid").asLong();
        assertThat(pidAfter).isNotEqualTo(pidBefore);
        // the instance's first invocation, then at least the fresh sandbox after the reset
        assertThat(hosts.get(0).metric("kfn_cold_starts_total", "function=\"shell\""))
                .isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void bootstrapExitingMidInvocationIsAnExitErrorAndIsRestarted() throws Exception {
        JsonNode crashed = call(shell, "{\"crash\":true}");
        assertThat(crashed.path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(crashed.path("errorMessage").asText()).contains("exit status 3");
        assertThat(call(shell, "{\"n\":2}").at("/echo/n").asInt()).isEqualTo(2);
    }

    @Test
    void awsJavaRuntimeInterfaceClientRunsAnUnchangedHandler() throws Exception {
        String id = messages.call(ric, "{\"name\":\"Lambda\"}", WAIT);
        JsonNode reply = JSON.readTree(messages.reply(id, WAIT).getBody());
        assertThat(reply.path("message").asText()).isEqualTo("Hello, Lambda");
        assertThat(reply.path("requestId").asText()).isEqualTo(id);
        assertThat(reply.path("functionName").asText()).isEqualTo("ric");
        assertThat(reply.path("remainingMillis").asInt()).isBetween(1, 3000);

        assertThat(call(ric, "{\"name\":\"again\"}").path("message").asText()).isEqualTo("Hello, again");
        assertThat(hosts.get(1).log()).doesNotContain("Bootstrap of sandbox 0 exited");
    }

    @Test
    void initErrorAnswersTheFirstInvocationAndTheInstanceIsNotReady() throws Exception {
        GetResponse reply = messages.reply(messages.call(failingInit, "{}", WAIT), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(Messages.body(reply))
                .isEqualTo("{\"errorMessage\":\"missing configuration\",\"errorType\":\"Runtime.ConfigError\"}");
        assertThat(failingInitHost.status("/q/health/ready")).isEqualTo(503);
    }
}
