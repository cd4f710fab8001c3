package dev.kfn.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The machine's real kubectl, on a kubeconfig, with a discovery cache of its own; output goes to files read at any time. */
final class Kubectl {

    record Result(int exitCode, String out, String err) {}

    /** A kubectl still running (wait, delete), whose output so far can be read. */
    record Running(Process process, Path out, Path err) {

        String errSoFar() {
            return read(err);
        }

        boolean alive() {
            return process.isAlive();
        }

        Result result() {
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Result(process.exitValue(), read(out), read(err));
        }
    }

    private final Path kubeconfig;
    private final Path work;
    private final AtomicInteger runs = new AtomicInteger();

    Kubectl(Path kubeconfig, Path work) {
        this.kubeconfig = kubeconfig;
        this.work = work;
    }

    static boolean installed() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Result run(String... args) {
        return start(args).result();
    }

    Running start(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "kubectl",
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                work.resolve("cache").toString()));
        command.addAll(List.of(args));
        int run = runs.incrementAndGet();
        Path out = work.resolve("kubectl-" + run + ".out");
        Path err = work.resolve("kubectl-" + run + ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Running(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
