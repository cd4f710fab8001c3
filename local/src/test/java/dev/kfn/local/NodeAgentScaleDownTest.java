package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.testsupport.FreePorts;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real node agent against the embedded API, running real processes as a Deployment's instances. */
class NodeAgentScaleDownTest {

    private static final String NAMESPACE = "default";
    private static final String NAME = "victims";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private EmbeddedApiServer api;
    private NodeAgent agent;

    @BeforeEach
    void start() {
        api = new EmbeddedApiServer().start(FreePorts.next(), NAMESPACE);
        agent = new NodeAgent(api.client(), Path.of("no-host.jar"), new InstanceJvm(HostJdk.find(Map.of())), work);
        agent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
        api.close();
    }

    private KubernetesClient client() {
        return api.client();
    }

    @Test
    void scaleDownStopsTheLowestDeletionCostFirstThenTheNotReadyThenTheNewest() throws Exception {
        deploy(4);
        await().atMost(WITHIN).until(() -> readyPods().size() == 4);
        cost("victims-1", 5);
        cost("victims-2", 0);
        cost("victims-3", 5);
        cost("victims-4", 5);
        Files.createFile(work.resolve("pods/default/victims-3/task/not-ready"));
        await().atMost(WITHIN).until(() -> readyPods().equals(List.of("victims-1", "victims-2", "victims-4")));

        scale(3);
        await().atMost(WITHIN).until(() -> pods().size() == 3);
        assertThat(pods()).containsExactly("victims-1", "victims-3", "victims-4");

        scale(2);
        await().atMost(WITHIN).until(() -> pods().size() == 2);
        assertThat(pods()).containsExactly("victims-1", "victims-4");

        scale(1);
        await().atMost(WITHIN).until(() -> pods().size() == 1);
        assertThat(pods()).containsExactly("victims-1");
    }

    @Test
    void eachPodsHostPortReachesThatInstance() throws Exception {
        deploy(2);
        await().atMost(WITHIN).until(() -> readyPods().size() == 2);
        HttpClient http = HttpClient.newHttpClient();
        for (Pod pod : client().pods().inNamespace(NAMESPACE).list().getItems()) {
            ContainerPort port = pod.getSpec().getContainers().get(0).getPorts().get(0);
            assertThat(port.getContainerPort()).isEqualTo(HostEnvironment.HTTP_PORT);
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://" + pod.getStatus().getPodIP() + ":" + port.getHostPort() + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo(pod.getMetadata().getName());
        }
        Deployment deployment = client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(NAME)
                .get();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getHostPort())
                .as("the template is left as the operator wrote it")
                .isNull();
    }

    private void deploy(int replicas) {
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "kfn", "app.kubernetes.io/name", NAME);
        client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(NAME)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .withMatchLabels(labels)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withTerminationGracePeriodSeconds(5L)
                        .addNewContainer()
                        .withName("function")
                        .withCommand(
                                "java",
                                "-cp",
                                Path.of("target/test-classes").toAbsolutePath().toString(),
                                ReadinessServer.class.getName())
                        .withEnv(new EnvVarBuilder()
                                .withName("POD_NAME")
                                .withNewValueFrom()
                                .withNewFieldRef()
                                .withFieldPath("metadata.name")
                                .endFieldRef()
                                .endValueFrom()
                                .build())
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(HostEnvironment.HTTP_PORT)
                        .endPort()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    private void scale(int replicas) {
        client().apps().deployments().inNamespace(NAMESPACE).withName(NAME).edit(d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
    }

    private void cost(String pod, int cost) {
        client().pods().inNamespace(NAMESPACE).withName(pod).edit(p -> {
            p.getMetadata().getAnnotations().put(ScaleDownOrder.DELETION_COST, Integer.toString(cost));
            return p;
        });
    }

    /** The instances that are there: their Pods, less those already stopping. */
    private List<String> pods() {
        return client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
    }

    private List<String> readyPods() {
        return client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> p.getStatus() != null
                        && p.getStatus().getConditions().stream()
                                .anyMatch(c -> c.getType().equals("Ready")
                                        && c.getStatus().equals("True")))
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
    }
}
