package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A function whose instance the kubelet keeps restarting, against the mock API server: the pod's container status
 * says CrashLoopBackOff, as a kubelet writes it, and the function's InstancesReady and Ready turn False with reason
 * CrashLoop naming the pod, with one Warning Event; once the instance runs, they turn True again.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class CrashLoopReadinessTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void anInstanceInCrashLoopBackOffMakesTheFunctionNotReadySayingSoUntilItRuns() {
        FunctionId fn = id("looper");
        TestFunctions.create(client, TestFunctions.java(fn, spec -> {}));
        await().atMost(WITHIN).until(() -> deployment(fn) != null);
        Function created = client.resources(Function.class)
                .inNamespace(fn.namespace())
                .withName(fn.name())
                .get();
        Pod pod = client.pods()
                .inNamespace(fn.namespace())
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("looper-7c9-a")
                        .withLabels(Labels.selector(created))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("host")
                        .withImage("runtime-host")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .addNewContainerStatus()
                        .withName("host")
                        .withRestartCount(4)
                        .withNewState()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .endWaiting()
                        .endState()
                        .withNewLastState()
                        .withNewTerminated()
                        .withExitCode(1)
                        .withReason("Error")
                        .endTerminated()
                        .endLastState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();
        deploymentStatus(fn, 1, 0);

        await().atMost(WITHIN).untilAsserted(() -> {
            Condition instances = condition(fn, FunctionStatus.INSTANCES_READY);
            assertThat(instances.getStatus()).isEqualTo("False");
            assertThat(instances.getReason()).isEqualTo(FunctionStatus.REASON_CRASH_LOOP);
            assertThat(instances.getMessage())
                    .isEqualTo("instance looper-7c9-a is crash-looping: restarted 4 times; last exit code 1 (Error)");
            assertThat(condition(fn, FunctionStatus.READY).getReason()).isEqualTo(FunctionStatus.REASON_CRASH_LOOP);
            assertThat(warnings(fn)).isEqualTo(1);
        });

        client.resource(pod).delete();
        deploymentStatus(fn, 1, 1);
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(condition(fn, FunctionStatus.INSTANCES_READY))
                        .extracting(Condition::getStatus)
                        .isEqualTo("True"));
        assertThat(warnings(fn)).isEqualTo(1);
    }

    private Deployment deployment(FunctionId fn) {
        return client.apps()
                .deployments()
                .inNamespace(fn.namespace())
                .withName(fn.name())
                .get();
    }

    /** As the Deployment controller reports its pods. */
    private void deploymentStatus(FunctionId fn, int replicas, int ready) {
        Deployment deployment = deployment(fn);
        deployment.setStatus(new DeploymentStatusBuilder()
                .withReplicas(replicas)
                .withReadyReplicas(ready)
                .build());
        client.resource(deployment).updateStatus();
    }

    private long warnings(FunctionId fn) {
        return client.v1().events().inNamespace(fn.namespace()).list().getItems().stream()
                .map(Event.class::cast)
                .filter(e -> e.getInvolvedObject().getName().equals(fn.name())
                        && "Warning".equals(e.getType())
                        && FunctionStatus.REASON_CRASH_LOOP.equals(e.getReason()))
                .count();
    }

    private Condition condition(FunctionId id, String type) {
        return Optional.ofNullable(client.resources(Function.class)
                        .inNamespace(id.namespace())
                        .withName(id.name())
                        .get())
                .map(Function::getStatus)
                .flatMap(status -> status.condition(type))
                .orElse(null);
    }
}
