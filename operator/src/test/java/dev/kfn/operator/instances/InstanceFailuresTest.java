package dev.kfn.operator.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.FunctionStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstanceFailuresTest {

    /** The runtime host's readiness answer (MicroProfile Health) when its handler failed its init. */
    private static final String FAILED = """
            {"status":"DOWN","checks":[{"name":"handler initialised and consuming","status":"DOWN",
             "data":{"initError":"java.lang.IllegalStateException: no configuration"}}]}""";

    @Test
    void readsTheInitErrorFromTheHostsReadinessAnswer() {
        assertThat(InstanceFailures.read(FAILED)).contains("java.lang.IllegalStateException: no configuration");
        assertThat(InstanceFailures.read("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"x\",\"status\":\"DOWN\"}]}"))
                .isEmpty();
        assertThat(InstanceFailures.read("<html>not a host</html>")).isEmpty();
    }

    @Test
    void looksOnlyAtAFunctionWithInstancesThatAreNotReady() {
        FunctionStatus status = new FunctionStatus();
        assertThat(InstanceFailures.someInstanceNotReady(null)).isFalse();
        assertThat(InstanceFailures.someInstanceNotReady(status)).isFalse();
        status.setReplicas(2);
        status.setReadyReplicas(2);
        assertThat(InstanceFailures.someInstanceNotReady(status)).isFalse();
        status.setReadyReplicas(1);
        assertThat(InstanceFailures.someInstanceNotReady(status)).isTrue();
    }

    @Test
    void aFailedInitMakesTheFunctionNotReadyAndWarnsOnceAsItTurns() {
        Set<InstanceFailure> failures = Set.of(new InstanceFailure(
                "hello-7c9-b", InstanceFailure.Kind.INIT_ERROR, "Runtime.ImportModuleError: no module"));
        FunctionStatus first = new FunctionStatus();
        Optional<InstanceReadiness.Warning> warning = InstanceReadiness.report(failures, null, first);
        first.markReadyFromParts();
        assertThat(warning)
                .contains(new InstanceReadiness.Warning(
                        "InitError", "instance hello-7c9-b failed its init: Runtime.ImportModuleError: no module"));
        assertThat(first.condition(FunctionStatus.READY).orElseThrow().getReason())
                .isEqualTo("InitError");

        FunctionStatus again = new FunctionStatus();
        assertThat(InstanceReadiness.report(failures, first, again)).isEmpty();

        FunctionStatus fixed = new FunctionStatus();
        assertThat(InstanceReadiness.report(Set.of(), again, fixed)).isEmpty();
        assertThat(fixed.condition(FunctionStatus.INSTANCES_READY).orElseThrow().getStatus())
                .isEqualTo("True");
    }

    @Test
    void readsACrashLoopFromTheKubeletsContainerStatus() {
        Pod looping = new PodBuilder()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("host")
                .withRestartCount(5)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(137)
                .withReason("OOMKilled")
                .endTerminated()
                .endLastState()
                .endContainerStatus()
                .endStatus()
                .build();
        Pod starting = new PodBuilder()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("host")
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();

        assertThat(InstanceFailures.crashLoop(looping)).hasValue("restarted 5 times; last exit code 137 (OOMKilled)");
        assertThat(InstanceFailures.crashLoop(starting)).isEmpty();
        assertThat(InstanceFailures.crashLoop(new Pod())).isEmpty();
    }

    @Test
    void aCrashLoopIsItsOwnReasonUnlessAnInitErrorExplainsIt() {
        InstanceFailure loop = new InstanceFailure("hello-7c9-a", InstanceFailure.Kind.CRASH_LOOP, "restarted 5 times");
        FunctionStatus looping = new FunctionStatus();
        assertThat(InstanceReadiness.report(Set.of(loop), null, looping))
                .contains(new InstanceReadiness.Warning(
                        "CrashLoop", "instance hello-7c9-a is crash-looping: restarted 5 times"));
        assertThat(looping.condition(FunctionStatus.INSTANCES_READY)
                        .orElseThrow()
                        .getReason())
                .isEqualTo("CrashLoop");

        InstanceFailure init =
                new InstanceFailure("hello-7c9-b", InstanceFailure.Kind.INIT_ERROR, "NoClassDefFoundError");
        FunctionStatus both = new FunctionStatus();
        assertThat(InstanceReadiness.report(Set.of(loop, init), looping, both))
                .contains(new InstanceReadiness.Warning(
                        "InitError", "instance hello-7c9-b failed its init: NoClassDefFoundError"));
        assertThat(both.condition(FunctionStatus.INSTANCES_READY).orElseThrow().getMessage())
                .isEqualTo("instance hello-7c9-b failed its init: NoClassDefFoundError;"
                        + " instance hello-7c9-a is crash-looping: restarted 5 times");
    }
}
