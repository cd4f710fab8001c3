package dev.kfn.local.cli;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.InvokePath;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kfn get [fn]} and {@code kfn list}: the Functions of a namespace, whether each takes calls, and where. */
@Command(
        name = "get",
        aliases = "list",
        mixinStandardHelpOptions = true,
        description = "List the functions of a namespace (or one of them): ready or why not, instances, invoke URL.")
final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Targets targets;

    @Parameters(arity = "0..1", paramLabel = "FUNCTION", description = "one function only")
    String name;

    @Override
    public Integer call() {
        try (KubernetesClient client = targets.client()) {
            String namespace = client.getNamespace();
            List<Function> functions;
            try {
                var all = client.resources(Function.class).inNamespace(namespace);
                functions = name == null
                        ? new ArrayList<>(all.list().getItems())
                        : new ArrayList<>(Optional.ofNullable(all.withName(name).get())
                                .map(List::of)
                                .orElse(List.of()));
            } catch (KubernetesClientException e) {
                throw new CliException(
                        Targets.isUnreachable(e)
                                ? targets.unreachable(client)
                                : "the Kubernetes API refused: "
                                        + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage()));
            }
            if (name != null && functions.isEmpty()) {
                throw new CliException(
                        "no function " + name + " in namespace " + namespace + "; kfn list shows those there are");
            }
            print(functions, namespace, spec.commandLine().getOut());
            return 0;
        }
    }

    private void print(List<Function> functions, String namespace, PrintWriter out) {
        if (functions.isEmpty()) {
            out.println("no functions in namespace " + namespace);
            return;
        }
        functions.sort(Comparator.comparing(fn -> fn.getMetadata().getName()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "READY", "REASON", "INSTANCES", "URL"});
        for (Function fn : functions) {
            Optional<Condition> ready =
                    Optional.ofNullable(fn.getStatus()).flatMap(status -> status.condition(FunctionStatus.READY));
            Integer replicas = fn.getStatus() == null ? null : fn.getStatus().getReplicas();
            rows.add(new String[] {
                fn.getMetadata().getName(),
                ready.map(Condition::getStatus).orElse("Unknown"),
                ready.map(Condition::getReason).orElse("-"),
                replicas == null ? "0" : replicas.toString(),
                targets.gatewayUrl() + InvokePath.of(fn.id())
            });
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
            }
            out.println(line);
        }
    }
}
