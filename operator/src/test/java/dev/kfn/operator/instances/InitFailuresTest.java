package dev.kfn.operator.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.FunctionStatus;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitFailuresTest {

    /** The runtime host's readiness answer (MicroProfile Health) when its handler failed its init. */
    private static final String FAILED = """
            {"status":"DOWN","checks":[{"name":"handler initialised and consuming","status":"DOWN",
             "data":{"initError":"java.lang.IllegalStateException: no configuration"}}]}""";

    @Test
    void readsTheInitErrorFromTheHostsReadinessAnswer() {
        assertThat(InitFailures.read(FAILED)).contains("java.lang.IllegalStateException: no configuration");
        assertThat(InitFailures.read("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"x\",\"status\":\"DOWN\"}]}"))
                .isEmpty();
        assertThat(InitFailures.read("<html>not a host</html>")).isEmpty();
    }

    @Test
    void looksOnlyAtAFunctionWithInstancesThatAreNotReady() {
        FunctionStatus status = new FunctionStatus();
        assertThat(InitFailures.someInstanceNotReady(null)).isFalse();
        assertThat(InitFailures.someInstanceNotReady(status)).isFalse();
        status.setReplicas(2);
        status.setReadyReplicas(2);
        assertThat(InitFailures.someInstanceNotReady(status)).isFalse();
        status.setReadyReplicas(1);
        assertThat(InitFailures.someInstanceNotReady(status)).isTrue();
    }

    @Test
    void aFailedInitMakesTheFunctionNotReadyAndWarnsOnceAsItTurns() {
        Set<InitFailure> failures = Set.of(new InitFailure("hello-7c9-b", "Runtime.ImportModuleError: no module"));
        FunctionStatus first = new FunctionStatus();
        Optional<String> warning = InstanceReadiness.report(failures, null, first);
        first.markReadyFromParts();
        assertThat(warning).contains("instance hello-7c9-b failed its init: Runtime.ImportModuleError: no module");
        assertThat(first.condition(FunctionStatus.READY).orElseThrow().getReason())
                .isEqualTo("InitError");

        FunctionStatus again = new FunctionStatus();
        assertThat(InstanceReadiness.report(failures, first, again)).isEmpty();

        FunctionStatus fixed = new FunctionStatus();
        assertThat(InstanceReadiness.report(Set.of(), again, fixed)).isEmpty();
        assertThat(fixed.condition(FunctionStatus.INSTANCES_READY).orElseThrow().getStatus())
                .isEqualTo("True");
    }
}
