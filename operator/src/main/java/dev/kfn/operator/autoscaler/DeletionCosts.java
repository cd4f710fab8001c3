package dev.kfn.operator.autoscaler;

import dev.kfn.api.Function;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.operator.HostAddress;
import dev.kfn.operator.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Before a scale-down, tells the ReplicaSet controller which instances to remove first: each pod's
 * {@code controller.kubernetes.io/pod-deletion-cost} is its running invocations, read from its host, so idle
 * instances go and busy ones finish their work. An instance whose count cannot be read keeps its annotation.
 */
public class DeletionCosts {

    public static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
    /** Reads of all pods run at once; a scale-down waits at most this long for them. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(DeletionCosts.class);

    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(READ_TIMEOUT)
            .build();

    public DeletionCosts(KubernetesClient client) {
        this.client = client;
    }

    public void mark(Function fn) {
        List<Pod> pods = client.pods()
                .inNamespace(fn.getMetadata().getNamespace())
                .withLabels(Labels.selector(fn))
                .list()
                .getItems();
        Map<Pod, CompletableFuture<OptionalLong>> reads = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.toMap(p -> p, this::busy));
        reads.forEach((pod, read) -> {
            OptionalLong busy = read.join();
            if (busy.isPresent()) {
                annotate(pod, busy.getAsLong());
            }
        });
    }

    private CompletableFuture<OptionalLong> busy(Pod pod) {
        Optional<URI> uri = HostAddress.of(pod, HostEnvironment.METRICS_PATH);
        if (uri.isEmpty()) {
            return CompletableFuture.completedFuture(OptionalLong.empty());
        }
        HttpRequest request =
                HttpRequest.newBuilder(uri.get()).timeout(READ_TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response ->
                        response.statusCode() == 200 ? BusyCount.parse(response.body()) : OptionalLong.empty())
                .exceptionally(e -> {
                    LOG.debugf("pod %s: no busy count: %s", pod.getMetadata().getName(), e.getMessage());
                    return OptionalLong.empty();
                });
    }

    private void annotate(Pod pod, long busy) {
        String cost = String.valueOf(Math.min(busy, Integer.MAX_VALUE));
        if (cost.equals(Optional.ofNullable(pod.getMetadata().getAnnotations())
                .map(a -> a.get(ANNOTATION))
                .orElse(null))) {
            return;
        }
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + cost + "\"}}}");
    }
}
