package dev.kfn.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The kfn CLI as the kfn script runs it: its own JVM, kfn.home set, in a working folder, with an environment. */
final class Cli {

    record Result(int exitCode, String out, String err) {}

    private final Path home;
    private final Path workingDir;
    private final Map<String, String> env;

    Cli(Path home, Path workingDir, Map<String, String> env) {
        this.home = home;
        this.workingDir = workingDir;
        this.env = env;
    }

    Result run(String... args) {
        return run(new byte[0], args);
    }

    Result run(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dkfn.home=" + home,
                KfnCommand.class.getName()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workingDir, "cli", ".out");
            Path err = Files.createTempFile(workingDir, "cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().remove("KUBECONFIG");
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().write(stdin);
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            Result result = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
