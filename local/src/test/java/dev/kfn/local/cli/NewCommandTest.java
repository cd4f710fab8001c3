package dev.kfn.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kfn new makes projects whose own tests pass and whose manifest is a Function. */
class NewCommandTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Function manifest(Path project) throws IOException {
        return new KubernetesSerialization()
                .unmarshal(Files.readString(project.resolve("function.yaml")), Function.class);
    }

    @Test
    void aJavaProjectBuildsAndItsTestPasses() throws Exception {
        Cli.Result created = new Cli(CHECKOUT, work, Map.of()).run("new", "greeter", "--runtime", "java");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Path project = work.resolve("greeter");
        assertThat(created.out()).contains("created " + project, "mvnw -f " + project.resolve("pom.xml") + " test");

        String build = run(project, CHECKOUT.resolve("mvnw").toString(), "-B", "-o", "package");
        assertThat(build).contains("Tests run: 2, Failures: 0, Errors: 0", "BUILD SUCCESS");
        assertThat(project.resolve("target/greeter.jar")).exists();
        Function fn = manifest(project);
        assertThat(fn.getMetadata().getName()).isEqualTo("greeter");
        assertThat(fn.getSpec().getHandler()).isEqualTo("example.Handler::handleRequest");
        assertThat(fn.getSpec().getCode().getUrl()).isEqualTo("file:target/greeter.jar");
    }

    @Test
    void aProvidedProjectPassesItsTestAndPacksItsBootstrap() throws Exception {
        Cli.Result created = new Cli(CHECKOUT, work, Map.of()).run("new", "echoer", "-r", "provided");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Path project = work.resolve("echoer");

        assertThat(run(project, "./test.sh")).contains("2 tests passed");
        run(project, "./build.sh");
        try (ZipFile zip = new ZipFile(project.resolve("target/echoer.zip").toFile())) {
            assertThat(zip.stream().map(entry -> entry.getName()).toList()).contains("bootstrap", "handler.sh");
        }
        assertThat(manifest(project).getSpec().getRuntime()).isEqualTo("provided");
    }

    @Test
    void refusesANameNoFunctionCanHaveAndAFolderInTheWay() throws Exception {
        Cli cli = new Cli(CHECKOUT, work, Map.of());
        Cli.Result badName = cli.run("new", "Hello_World", "--runtime", "java");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("Hello_World cannot name a function");

        Files.createDirectories(work.resolve("taken"));
        Files.writeString(work.resolve("taken/notes.txt"), "mine");
        Cli.Result taken = cli.run("new", "taken", "--runtime", "provided");
        assertThat(taken.exitCode()).isEqualTo(2);
        assertThat(taken.err()).contains("exists and is not empty");

        Cli.Result noRuntime = cli.run("new", "fine");
        assertThat(noRuntime.exitCode()).isEqualTo(2);
        assertThat(noRuntime.err()).contains("Missing required option: '--runtime=RUNTIME'");
        assertThat(List.of(work.toFile().list())).doesNotContain("fine");
    }
}
