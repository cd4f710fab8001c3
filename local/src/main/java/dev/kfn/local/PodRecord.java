package dev.kfn.local;

import dev.kfn.contract.HostEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the kubelet writes about a pod it runs, for the instances kfn local runs: the Pod object with the
 * template's labels and spec, and a status whose container id names the process ({@code kfn-local://<pid>}), so
 * {@code kubectl get pods} and anyone reading the API see the instances as they would on a cluster.
 */
final class PodRecord {

    static final String CONTAINER_ID_SCHEME = "kfn-local://";
    static final String NODE_NAME = "kfn-local";

    private PodRecord() {}

    /**
     * The Pod of one instance. Its HTTP container port gets {@code hostPort} = the port the instance really listens
     * on (instances share this machine's network, as host-network pods share a node's), so whoever reads the Pod
     * reaches that instance at {@code podIP:hostPort}.
     */
    static Pod desired(String namespace, String podName, PodTemplateSpec template, int httpPort) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(podName)
                .withLabels(
                        template.getMetadata() == null
                                ? null
                                : template.getMetadata().getLabels())
                .withAnnotations(
                        template.getMetadata() == null
                                ? null
                                : template.getMetadata().getAnnotations())
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec()
                .withNodeName(NODE_NAME)
                .endSpec()
                .build();
        for (Container container : pod.getSpec().getContainers()) {
            for (ContainerPort port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
                if (Integer.valueOf(HostEnvironment.HTTP_PORT).equals(port.getContainerPort())) {
                    port.setHostPort(httpPort);
                }
            }
        }
        return pod;
    }

    static PodStatus status(HostInstance instance, boolean ready, Instant startedAt) {
        String readiness = ready ? "True" : "False";
        return new PodStatusBuilder()
                .withPhase(instance.alive() ? "Running" : "Failed")
                .withHostIP("127.0.0.1")
                .withPodIP("127.0.0.1")
                .withStartTime(startedAt.toString())
                .withConditions(
                        new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus(readiness)
                                .build(),
                        new PodConditionBuilder()
                                .withType("ContainersReady")
                                .withStatus(readiness)
                                .build())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(instance.containerName())
                        .withContainerID(CONTAINER_ID_SCHEME + instance.pid())
                        .withReady(ready)
                        .withStarted(instance.alive())
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(startedAt.toString())
                        .endRunning()
                        .endState()
                        .build())
                .build();
    }

    static void create(KubernetesClient client, Pod pod, PodStatus status) {
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .create();
        writeStatus(client, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status);
    }

    static void writeStatus(KubernetesClient client, String namespace, String podName, PodStatus status) {
        client.pods().inNamespace(namespace).withName(podName).editStatus(p -> {
            p.setStatus(status);
            return p;
        });
    }

    static void delete(KubernetesClient client, String namespace, String podName) {
        client.pods().inNamespace(namespace).withName(podName).delete();
    }
}
