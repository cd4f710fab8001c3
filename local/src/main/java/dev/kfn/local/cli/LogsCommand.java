package dev.kfn.local.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kfn logs <fn> [-f]}: what a function's instances wrote, each line after its instance's name. Under kfn local
 * (its kubeconfig, or none named and its logs there) from {@code .kfn/logs/<namespace>.<pod>.log}, where {@code -f}
 * also follows instances started later; on a cluster from its pods' logs through the Kubernetes API
 * ({@link PodLogs}).
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print the logs of a function's instances (kfn local's, or a cluster's through the kubeconfig).")
final class LogsCommand implements Callable<Integer> {

    private static final long FOLLOW_PERIOD_MILLIS = 250;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FUNCTION", description = "the function")
    String function;

    @Mixin
    Targets targets;

    private String namespace;

    @Option(
            names = {"-f", "--follow"},
            description = "keep printing what the instances write, until Ctrl-C")
    boolean follow;

    private final Map<Path, Long> printed = new HashMap<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path logs = Targets.localDir().resolve("logs");
        if (!readsKfnLocalFiles(targets.kubeconfigFile(), Targets.localDir())) {
            try (KubernetesClient client = targets.client()) {
                return new PodLogs(
                                client,
                                client.getNamespace(),
                                function,
                                spec.commandLine().getOut())
                        .print(follow);
            }
        }
        namespace = targets.namespace == null ? "default" : targets.namespace;
        if (!Files.isDirectory(logs)) {
            throw new CliException(
                    "no kfn local logs in " + logs + "; kfn logs reads the instances of kfn local (./kfn local)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (instanceLogs(logs).isEmpty() && !follow) {
            throw new CliException("no instance of " + namespace + "/" + function + " has run here yet; invoke it"
                    + " (kfn invoke " + function + "), or follow its logs from now on with kfn logs -f " + function);
        }
        do {
            for (Path log : instanceLogs(logs)) {
                printNew(log, out);
            }
            out.flush();
            if (follow) {
                Thread.sleep(FOLLOW_PERIOD_MILLIS);
            }
        } while (follow);
        return 0;
    }

    /**
     * kfn local's files are read when the kubeconfig is kfn local's own, or none is named and kfn local has left
     * logs; any other kubeconfig is a cluster's. Pure.
     */
    static boolean readsKfnLocalFiles(Optional<Path> kubeconfig, Path localDir) {
        return kubeconfig
                .map(file -> file.toAbsolutePath().normalize().equals(localDir.resolve("kubeconfig")))
                .orElseGet(() -> Files.isDirectory(localDir.resolve("logs")));
    }

    /** The function's instance logs, oldest instance first; a pod is named {@code <function>-<n>}. */
    private List<Path> instanceLogs(Path logs) throws IOException {
        Pattern mine = Pattern.compile(Pattern.quote(namespace + "." + function + "-") + "(\\d+)\\.log");
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> found = new ArrayList<>(
                    files.filter(f -> mine.matcher(f.getFileName().toString()).matches())
                            .toList());
            found.sort((a, b) -> Long.compare(instance(mine, a), instance(mine, b)));
            return found;
        }
    }

    private static long instance(Pattern mine, Path log) {
        var matcher = mine.matcher(log.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private void printNew(Path log, PrintWriter out) throws IOException {
        String pod =
                log.getFileName().toString().substring(namespace.length() + 1).replaceFirst("\\.log$", "");
        long from = printed.getOrDefault(log, 0L);
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() < from) {
                from = 0;
            }
            file.seek(from);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // while following, a line still being written waits for its end
            int complete = follow ? text.lastIndexOf('\n') + 1 : text.length();
            text.substring(0, complete).lines().forEach(line -> out.println("[" + pod + "] " + line));
            printed.put(log, from + text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
