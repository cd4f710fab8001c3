package dev.kfn.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.EventSamples;
import dev.kfn.contract.FunctionId;
import dev.kfn.local.EmbeddedApiServer;
import dev.kfn.testsupport.FreePorts;
import dev.kfn.testsupport.TestFunctions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's verbs against what they read: the embedded API, kfn local's log folder, a gateway that is not there. */
class KfnCommandTest {

    @TempDir
    Path home;

    private EmbeddedApiServer api;
    private Cli cli;

    @BeforeEach
    void start() throws Exception {
        api = new EmbeddedApiServer().start(FreePorts.next(), "default");
        Path kubeconfig = home.resolve(".kfn/kubeconfig");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kfn-local
                  cluster: {server: "%s"}
                contexts:
                - name: kfn-local
                  context: {cluster: kfn-local, user: kfn-local, namespace: default}
                users:
                - name: kfn-local
                  user: {}
                current-context: kfn-local
                """.formatted(api.url()));
        cli = new Cli(home, home, Map.of("KFN_GATEWAY_URL", "http://localhost:" + FreePorts.next()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void eventsPrintsTheSampleOfASourceAndListsThem() throws Exception {
        Cli.Result list = cli.run("events");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines()).containsExactlyElementsOf(EventSamples.SOURCES);

        Cli.Result queue = cli.run("events", "queue");
        assertThat(queue.exitCode()).isZero();
        // an SQS event as Lambda's Java runtime reads it
        SQSEvent event = LambdaEventSerializers.serializerFor(
                        SQSEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(queue.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(event.getRecords()).hasSize(1);
        assertThat(event.getRecords().get(0).getEventSource()).isEqualTo("aws:sqs");

        // the ordered sources as Lambda's Java runtime reads a Kinesis and a DynamoDB Streams event
        KinesisEvent stream = LambdaEventSerializers.serializerFor(
                        KinesisEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(
                        cli.run("events", "stream").out().getBytes(StandardCharsets.UTF_8)));
        assertThat(stream.getRecords().get(0).getKinesis().getPartitionKey()).isEqualTo("user-1");
        DynamodbEvent change = LambdaEventSerializers.serializerFor(
                        DynamodbEvent.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(
                        cli.run("events", "databaseChange").out().getBytes(StandardCharsets.UTF_8)));
        assertThat(change.getRecords()).extracting(r -> r.getEventName()).containsExactly("INSERT", "MODIFY");
        assertThat(change.getRecords()
                        .get(1)
                        .getDynamodb()
                        .getOldImage()
                        .get("name")
                        .getS())
                .isEqualTo("ann");

        Cli.Result unknown = cli.run("events", "carrier-pigeon");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains(
                        "no sample event for 'carrier-pigeon'; there are: " + String.join(", ", EventSamples.SOURCES));
    }

    @Test
    void helpExitsZeroAndNamesEveryCommand() {
        Cli.Result help = cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("invoke", "get", "logs", "new");
        assertThat(cli.run("invoke", "--help").exitCode()).isZero();
    }

    @Test
    void listsTheFunctionsOfKfnLocalThroughItsKubeconfig() {
        TestFunctions.create(api.client(), TestFunctions.java(new FunctionId("default", "hello")));
        TestFunctions.create(api.client(), TestFunctions.java(new FunctionId("default", "orders")));
        api.client()
                .resources(Function.class)
                .inNamespace("default")
                .withName("hello")
                .editStatus(fn -> {
                    fn.setStatus(new FunctionStatus().markReadyFromParts());
                    return fn;
                });

        Cli.Result list = cli.run("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).first().asString().startsWith("NAME").contains("READY", "URL");
        assertThat(list.out())
                .containsPattern("hello\\s+True\\s+Ready\\s+0\\s+http://localhost:\\d+/functions/default/hello")
                .containsPattern("orders\\s+Unknown");

        Cli.Result one = cli.run("get", "orders");
        assertThat(one.out()).as(one.err()).contains("orders").doesNotContain("hello");
    }

    @Test
    void aMissingFunctionOrApiSaysWhatToDo() {
        Cli.Result missing = cli.run("get", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err())
                .contains("kfn: no function nothere in namespace default; kfn list shows those there are");

        api.close();
        Cli.Result down = cli.run("list");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("does not answer; start kfn local (./kfn local), or pass --kubeconfig FILE");
    }

    @Test
    void invokeWithoutAGatewaySaysHowToStartOne() {
        Cli.Result invoke = cli.run("invoke", "hello", "-d", "{}");
        assertThat(invoke.exitCode()).isEqualTo(1);
        assertThat(invoke.err())
                .startsWith("kfn: no gateway answers at http://localhost:")
                .contains("start kfn local (./kfn local), or pass --gateway URL");

        Cli.Result twice = cli.run("invoke", "hello", "-d", "{}", "-");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("give the payload once");
    }

    @Test
    void printsEachInstancesLinesAfterItsName() throws Exception {
        Path logs = Files.createDirectories(home.resolve(".kfn/logs"));
        Files.writeString(logs.resolve("default.hello-2.log"), "second started\n");
        Files.writeString(logs.resolve("default.hello-1.log"), "first started\nfirst greeting kfn\n");
        Files.writeString(logs.resolve("default.hello-world-1.log"), "another function\n");

        Cli.Result logsOut = cli.run("logs", "hello");
        assertThat(logsOut.exitCode()).as(logsOut.err()).isZero();
        assertThat(logsOut.out().lines())
                .containsExactly("[hello-1] first started", "[hello-1] first greeting kfn", "[hello-2] second started");

        Cli.Result none = cli.run("logs", "quiet");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("no instance of default/quiet has run here yet");
    }
}
