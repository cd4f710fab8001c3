package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher at the repository root, for what it answers before it builds or starts anything. */
class KfnScriptTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run kfn(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of("..", "kfn").toAbsolutePath().normalize().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
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
}
