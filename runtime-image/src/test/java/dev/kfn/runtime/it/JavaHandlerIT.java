package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Synchronous round trips through real host processes, one per handler shape. */
class JavaHandlerIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestTopology topology;
    private static Messages messages;
    private static final List<HostProcess> hosts = new ArrayList<>();
    private static FunctionId greeter;
    private static FunctionId upper;
    private static FunctionId shout;
    private static FunctionId scheduled;
    private static FunctionId failing;
    private static FunctionId brokenInit;

    @BeforeAll
    static void startHosts() throws Exception {
        topology = new TestTopology("rt-test");
        messages = new Messages(topology.channel());
        greeter = host("greeter", "dev.kfn.testfunctions.Greeter");
        upper = host("upper", "dev.kfn.testfunctions.Upper");
        scheduled = host("scheduled", "dev.kfn.testfunctions.Plain::scheduled");
        failing = host("failing", "dev.kfn.testfunctions.Plain::fail");
        brokenInit = host("broken-init", "dev.kfn.testfunctions.BrokenInit");
        shout = topology.function("shout");
        hosts.add(TestHosts.java(shout, "dev.kfn.testfunctions.Plain::shout")
                .env("KFN_CODE_URL", TaskRoots.zip(TestHosts.taskRoot()).toUri())
                .env(
                        "KFN_TASK_ROOT",
                        Files.createTempDirectory(Path.of("target"), "fetched-task-")
                                .toAbsolutePath())
                .start());
        hosts.stream().filter(h -> !h.toString().contains("broken-init")).forEach(HostProcess::awaitReady);
    }

    private static FunctionId host(String name, String handler) throws Exception {
        FunctionId function = topology.function(name);
        hosts.add(TestHosts.java(function, handler).start());
        return function;
    }

    @AfterAll
    static void stopHosts() throws Exception {
        for (HostProcess host : hosts) {
            host.close();
        }
        messages.close();
        topology.close();
    }

    @Test
    void requestHandlerGetsPojoAndContext() throws Exception {
        String id = messages.call(greeter, "{\"name\":\"Ada\"}", WAIT);
        GetResponse reply = messages.reply(id, WAIT);
        assertThat(Messages.body(reply))
                .contains(
                        "\"message\":\"Hello, Ada\"",
                        "\"requestId\":\"" + id + "\"",
                        "\"functionName\":\"greeter\"",
                        "\"memoryMib\":128");
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isNull();
        assertThat(Messages.header(reply, InvocationHeaders.EXECUTED_VERSION)).isEqualTo("$LATEST");
        assertThat(reply.getProps().getCorrelationId()).isEqualTo(id);
    }

    @Test
    void clientContextReachesTheHandler() throws Exception {
        String context = Base64.getEncoder()
                .encodeToString("{\"client\":{\"app_title\":\"shop\"},\"custom\":{\"tenant\":\"t-1\"},\"env\":{}}"
                        .getBytes(StandardCharsets.UTF_8));
        String id = messages.call(
                greeter, "{\"name\":\"Cy\"}", WAIT, Messages.context(Optional.of(context), Optional.empty()));
        assertThat(Messages.body(messages.reply(id, WAIT))).contains("\"clientApp\":\"shop t-1\"");
    }

    @Test
    void clientContextAsEchoAndBase64WriteItReachesTheHandler() throws Exception {
        // `echo '{...}' | base64`: a newline inside the JSON, line breaks in and after the base64
        String echoed =
                "{\"client\":{\"app_title\":\"" + "long-title-".repeat(8) + "\"},\"custom\":{\"tenant\":\"t-2\"}}\n";
        String context = Base64.getMimeEncoder().encodeToString(echoed.getBytes(StandardCharsets.UTF_8)) + "\n";
        String id = messages.call(
                greeter, "{\"name\":\"Cy\"}", WAIT, Messages.context(Optional.of(context), Optional.empty()));
        assertThat(Messages.body(messages.reply(id, WAIT)))
                .contains("\"clientApp\":\"" + "long-title-".repeat(8) + " t-2\"");
    }

    @Test
    void remainingTimeCountsDownFromTheTimeout() throws Exception {
        String body = Messages.body(messages.reply(messages.call(greeter, "{\"name\":\"Bo\"}", WAIT), WAIT));
        int remaining = Integer.parseInt(body.replaceAll(".*\"remainingMillis\":(\\d+).*", "$1"));
        assertThat(remaining).isBetween(1, 3000);
    }

    @Test
    void streamHandlerGetsRawBytes() throws Exception {
        assertThat(Messages.body(messages.reply(messages.call(upper, "not json at all", WAIT), WAIT)))
                .isEqualTo("NOT JSON AT ALL");
    }

    /** The shout host gets its code as a code.url function does: an archive unpacked into the task root before init. */
    @Test
    void plainStaticMethodTakesAndReturnsJsonString() throws Exception {
        assertThat(Messages.body(messages.reply(messages.call(shout, "\"hey\"", WAIT), WAIT)))
                .isEqualTo("\"HEY!\"");
    }

    @Test
    void lambdaEventTypesUseLambdasFieldNames() throws Exception {
        String event = """
            {"version":"0","id":"89d1a02d","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012",
             "time":"2026-11-27T20:00:00Z","region":"eu-west-1","resources":["arn:aws:events:eu-west-1:123456789012:rule/r"],"detail":{}}
            """;
        assertThat(Messages.body(messages.reply(messages.call(scheduled, event, WAIT), WAIT)))
                .isEqualTo("\"Scheduled Event from aws.events in eu-west-1\"");
    }

    @Test
    void thrownExceptionBecomesLambdaErrorJson() throws Exception {
        GetResponse reply = messages.reply(messages.call(failing, "{\"reason\":\"bad input\"}", WAIT), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(Messages.body(reply))
                .contains(
                        "\"errorMessage\":\"boom: bad input\"",
                        "\"errorType\":\"java.lang.IllegalStateException\"",
                        "\"stackTrace\":[\"dev.kfn.testfunctions.Plain.fail");
    }

    @Test
    void initFailureIsTheAnswerAndTheInstanceStaysNotReady() throws Exception {
        HostProcess host = hosts.get(4);
        GetResponse reply = messages.reply(messages.call(brokenInit, "\"x\"", WAIT), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        assertThat(Messages.body(reply))
                .contains("\"errorType\":\"java.lang.IllegalStateException\"", "no configuration");
        assertThat(host.status("/q/health/ready")).isEqualTo(503);
        // the operator reads the reason from here into the function's InstancesReady
        assertThat(host.readiness())
                .contains("\"" + HostEnvironment.INIT_ERROR_DATA + "\"")
                .contains("java.lang.IllegalStateException: no configuration");
        assertThat(host.status("/q/health/live")).isEqualTo(200);
    }
}
