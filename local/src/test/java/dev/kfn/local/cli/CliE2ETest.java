package dev.kfn.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.local.e2e.LocalRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CLI's verbs against a running kfn local, as a user types them: invoke (data, standard input, --tail,
 * --async), get and list, logs, and a sample event piped into invoke.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliE2ETest {

    private static final Path WORK = Path.of("target/cli-e2e").toAbsolutePath();
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    private LocalRun run;
    private Cli cli;

    @BeforeAll
    void start() throws Exception {
        run = LocalRun.start(WORK, Map.of());
        run.create("cli-echo", "e2e.handlers.Noop::handleRequest", spec -> {});
        // the kfn script's environment: kfn.home is the checkout, kfn local's folder is this run's
        cli = new Cli(
                CHECKOUT,
                WORK,
                Map.of(
                        "KFN_GATEWAY_URL", run.gateway(),
                        "KFN_LOCAL_DIR", WORK.toString(),
                        "KUBECONFIG", WORK.resolve("kubeconfig").toString()));
    }

    @AfterAll
    void stop() {
        run.close();
    }

    @Test
    void invokeAnswersWithTheFunctionsOutputAndTailAddsItsOwnLog() {
        Cli.Result data = cli.run("invoke", "cli-echo", "-d", "{\"via\":\"data\"}");
        assertThat(data.exitCode()).as(data.err()).isZero();
        assertThat(data.out().strip()).isEqualTo("{\"via\":\"data\"}");

        Cli.Result piped = cli.run("{\"via\":\"stdin\"}".getBytes(StandardCharsets.UTF_8), "invoke", "cli-echo", "-");
        assertThat(piped.out().strip()).isEqualTo("{\"via\":\"stdin\"}");

        Cli.Result tailed = cli.run("invoke", "cli-echo", "--tail", "-d", "{\"via\":\"tail\"}");
        assertThat(tailed.exitCode()).as(tailed.err()).isZero();
        assertThat(tailed.out().strip()).isEqualTo("{\"via\":\"tail\"}");
        assertThat(tailed.err()).contains("START RequestId: ", "END RequestId: ", "REPORT RequestId: ");

        Cli.Result queued = cli.run("invoke", "cli-echo", "--async", "-d", "{}");
        assertThat(queued.exitCode()).as(queued.err()).isZero();
        assertThat(queued.out()).startsWith("queued cli-echo (request ");
    }

    @Test
    void aSampleEventPipesIntoInvoke() {
        Cli.Result sample = cli.run("events", "queue");
        Cli.Result answer = cli.run(sample.out().getBytes(StandardCharsets.UTF_8), "invoke", "cli-echo", "-");
        assertThat(answer.exitCode()).as(answer.err()).isZero();
        assertThat(answer.out()).isEqualToIgnoringWhitespace(sample.out());
    }

    @Test
    void getAndListShowTheFunctionReady() {
        Cli.Result list = cli.run("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("cli-echo\\s+True\\s+Ready");
        Cli.Result get = cli.run("get", "cli-echo");
        assertThat(get.out()).contains(run.gateway() + "/functions/default/cli-echo");
        Cli.Result missing = cli.run("get", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no function nothere in namespace default");
    }

    @Test
    void logsPrintWhatTheInstancesWrote() {
        cli.run("invoke", "cli-echo", "-d", "{}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli.Result logs = cli.run("logs", "cli-echo");
            assertThat(logs.exitCode()).as(logs.err()).isZero();
            assertThat(logs.out()).contains("[cli-echo-", "REPORT RequestId: ");
        });
    }
}
