package dev.kfn.operator.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.operator.HostAddress;
import dev.kfn.operator.Labels;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Which instances of a function cannot serve: those whose host reports a failed init in its readiness answer
 * ({@link HostEnvironment#INIT_ERROR_DATA}), and those whose container the kubelet is backing off restarting
 * ({@code CrashLoopBackOff}). Only a function whose status shows fewer ready instances than running ones is looked
 * at, and only its pods that are not ready, so a healthy fleet costs no calls; the answer becomes the function's
 * {@code InstancesReady} condition.
 */
public final class InstanceFailures
        implements PerResourcePollingEventSource.ResourceFetcher<InstanceFailure, Function> {

    public static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
    private static final Logger LOG = Logger.getLogger(InstanceFailures.class);

    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(READ_TIMEOUT)
            .build();

    public InstanceFailures(KubernetesClient client) {
        this.client = client;
    }

    public static PerResourcePollingEventSource<InstanceFailure, Function, String> eventSource(
            EventSourceContext<Function> context) {
        return new PerResourcePollingEventSource<>(
                InstanceFailure.class,
                context,
                new PerResourcePollingConfigurationBuilder<InstanceFailure, Function, String>(
                                new InstanceFailures(context.getClient()), PERIOD)
                        .withName("init-failures")
                        // only a function with instances not ready is polled; the rest cost nothing, not even a
                        // first empty answer (which would reconcile them)
                        .withRegisterPredicate(fn -> someInstanceNotReady(fn.getStatus()))
                        .withResourceIDMapper(InstanceFailure::pod)
                        .build());
    }

    @Override
    public Set<InstanceFailure> fetchResources(Function fn) {
        if (!someInstanceNotReady(fn.getStatus())) {
            return Set.of();
        }
        List<Pod> notReady = client
                .pods()
                .inNamespace(fn.getMetadata().getNamespace())
                .withLabels(Labels.selector(fn))
                .list()
                .getItems()
                .stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null && !ready(pod))
                .toList();
        Set<InstanceFailure> failures = new HashSet<>();
        Map<Pod, CompletableFuture<Optional<String>>> reads = new HashMap<>();
        for (Pod pod : notReady) {
            Optional<String> crashLoop = crashLoop(pod);
            if (crashLoop.isPresent()) {
                failures.add(new InstanceFailure(
                        pod.getMetadata().getName(), InstanceFailure.Kind.CRASH_LOOP, crashLoop.get()));
            } else {
                reads.put(pod, initError(pod));
            }
        }
        reads.forEach((pod, read) -> read.join()
                .ifPresent(error -> failures.add(
                        new InstanceFailure(pod.getMetadata().getName(), InstanceFailure.Kind.INIT_ERROR, error))));
        return failures;
    }

    static boolean someInstanceNotReady(FunctionStatus status) {
        if (status == null || status.getReplicas() == null) {
            return false;
        }
        int ready = Optional.ofNullable(status.getReadyReplicas()).orElse(0);
        return status.getReplicas() > ready;
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .map(PodCondition::getStatus)
                        .anyMatch("True"::equals);
    }

    private CompletableFuture<Optional<String>> initError(Pod pod) {
        Optional<URI> uri = HostAddress.of(pod, HostEnvironment.READINESS_PATH);
        if (uri.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        HttpRequest request =
                HttpRequest.newBuilder(uri.get()).timeout(READ_TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> read(response.body()))
                .exceptionally(e -> {
                    LOG.debugf(
                            "pod %s: no readiness answer: %s", pod.getMetadata().getName(), e.getMessage());
                    return Optional.empty();
                });
    }

    /**
     * A container the kubelet is backing off restarting, as {@code restarted 5 times; last exit code 1 (Error)}.
     * Pure.
     */
    static Optional<String> crashLoop(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getState() != null
                        && c.getState().getWaiting() != null
                        && CRASH_LOOP_BACK_OFF.equals(c.getState().getWaiting().getReason()))
                .findFirst()
                .map(InstanceFailures::describeCrashLoop);
    }

    private static String describeCrashLoop(ContainerStatus container) {
        StringBuilder detail = new StringBuilder("restarted ")
                .append(Optional.ofNullable(container.getRestartCount()).orElse(0))
                .append(" times");
        Optional.ofNullable(container.getLastState())
                .map(ContainerState::getTerminated)
                .ifPresent(exit -> {
                    detail.append("; last exit code ").append(exit.getExitCode());
                    if (exit.getReason() != null) {
                        detail.append(" (").append(exit.getReason()).append(')');
                    }
                });
        return detail.toString();
    }

    /** The failed init in a host's readiness answer (MicroProfile Health JSON), if it reports one. Pure. */
    static Optional<String> read(String readiness) {
        try {
            JsonNode answer = JSON.readTree(readiness);
            for (JsonNode check : answer.path("checks")) {
                JsonNode error = check.path("data").path(HostEnvironment.INIT_ERROR_DATA);
                if (error.isTextual()) {
                    return Optional.of(error.asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
