package dev.kfn.local.cli;

import dev.kfn.contract.PodLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A function's instances' logs on a cluster, as {@code kubectl logs -l kfn.dev/function=<fn>} reads them: every pod
 * the operator labelled as the function's, oldest first, each line after the pod's name; {@code follow} keeps
 * printing what the pods running now write (pods started later are not picked up: run it again).
 */
final class PodLogs {

    private final KubernetesClient client;
    private final String namespace;
    private final String function;
    private final PrintWriter out;

    PodLogs(KubernetesClient client, String namespace, String function, PrintWriter out) {
        this.client = client;
        this.namespace = namespace;
        this.function = function;
        this.out = out;
    }

    int print(boolean follow) throws InterruptedException {
        List<Pod> pods = pods();
        if (pods.isEmpty()) {
            throw new CliException("no instance of " + namespace + "/" + function + " runs now; invoke it (kfn invoke "
                    + function + ") and ask again");
        }
        if (!follow) {
            for (Pod pod : pods) {
                String name = pod.getMetadata().getName();
                String log = client.pods().inNamespace(namespace).withName(name).getLog();
                log.lines().forEach(line -> out.println("[" + name + "] " + line));
            }
            out.flush();
            return 0;
        }
        List<Thread> readers = new ArrayList<>();
        for (Pod pod : pods) {
            Thread reader = new Thread(
                    () -> follow(pod.getMetadata().getName()),
                    "kfn-logs-" + pod.getMetadata().getName());
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }
        return 0;
    }

    private List<Pod> pods() {
        try {
            return client
                    .pods()
                    .inNamespace(namespace)
                    .withLabel(PodLabels.FUNCTION, function)
                    .list()
                    .getItems()
                    .stream()
                    .sorted(Comparator.comparing(
                            p -> p.getMetadata().getCreationTimestamp(),
                            Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
        } catch (KubernetesClientException e) {
            throw new CliException(
                    Targets.isUnreachable(e)
                            ? "the Kubernetes API does not answer (" + client.getMasterUrl() + "); check the kubeconfig"
                            : "cannot list the pods of " + namespace + "/" + function + ": " + e.getMessage());
        }
    }

    private void follow(String pod) {
        try (LogWatch watch = client.pods().inNamespace(namespace).withName(pod).watchLog();
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (out) {
                    out.println("[" + pod + "] " + line);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
