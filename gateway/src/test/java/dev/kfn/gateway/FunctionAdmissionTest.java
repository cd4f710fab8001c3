package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionQueues;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionAdmissionTest {

    private static final FunctionId HELLO = new FunctionId("team", "hello");
    private static final FunctionRef REF = new FunctionRef(HELLO, Optional.empty());

    private static Function function(String timeout, FunctionStatus status, Map<String, String> annotations) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withNamespace("team")
                .withName("hello")
                .withAnnotations(annotations)
                .build());
        FunctionSpec spec = new FunctionSpec();
        spec.setTimeout(timeout);
        fn.setSpec(spec);
        fn.setStatus(status);
        return fn;
    }

    @Test
    void absentFunctionIs404NamingItsArn() {
        assertThatThrownBy(() -> FunctionAdmission.admit(REF, Optional.empty(), "us-east-1"))
                .isInstanceOfSatisfying(InvokeException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(404);
                    assertThat(e.error().message())
                            .isEqualTo("Function not found: arn:aws:lambda:us-east-1:team:function:hello");
                });
    }

    @Test
    void aVersionOtherThanLatestIs404() {
        FunctionRef versioned = new FunctionRef(HELLO, Optional.of("3"));
        assertThatThrownBy(
                        () -> FunctionAdmission.admit(versioned, Optional.of(function("3s", null, null)), "us-east-1"))
                .isInstanceOfSatisfying(
                        InvokeException.class,
                        e -> assertThat(e.error().message()).endsWith("function:hello:3"));
    }

    @Test
    void invalidSpecIs502ResourceNotReady() {
        FunctionStatus invalid = new FunctionStatus().markInvalidSpec(List.of("spec.memory: 64Mi is below 128Mi"));
        assertThatThrownBy(() -> FunctionAdmission.admit(REF, Optional.of(function("3s", invalid, null)), "us-east-1"))
                .isInstanceOfSatisfying(InvokeException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(502);
                    assertThat(e.error().name()).isEqualTo("ResourceNotReadyException");
                    assertThat(e.error().message()).contains("spec.memory: 64Mi is below 128Mi");
                });
    }

    @Test
    void functionNotReadyForOtherReasonsStillTakesCalls() {
        FunctionStatus starting = new FunctionStatus()
                .markQueueReady(new FunctionQueues("s", "a", "d"))
                .markDeploymentNotReady("Starting", "0 of 1 ready")
                .markReadyFromParts();
        FunctionAdmission.Admitted admitted =
                FunctionAdmission.admit(REF, Optional.of(function("45s", starting, null)), "us-east-1");
        assertThat(admitted.timeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void functionWithoutReadyInstancesMustBeWoken() {
        FunctionStatus running = new FunctionStatus();
        running.setReadyReplicas(2);
        FunctionStatus scaledToZero = new FunctionStatus();
        scaledToZero.setReadyReplicas(0);

        assertThat(FunctionAdmission.admit(REF, Optional.of(function("3s", null, null)), "r")
                        .noReadyInstance())
                .isTrue();
        assertThat(FunctionAdmission.admit(REF, Optional.of(function("3s", scaledToZero, null)), "r")
                        .noReadyInstance())
                .isTrue();
        assertThat(FunctionAdmission.admit(REF, Optional.of(function("3s", running, null)), "r")
                        .noReadyInstance())
                .isFalse();
    }

    @Test
    void authPolicyComesFromTheSpecBeforeTheAnnotation() {
        Function fn = function("3s", null, Map.of("kfn.dev/auth", "none"));
        fn.getSpec().setAuth("apiKey");
        assertThat(FunctionAdmission.admit(REF, Optional.of(fn), "r").authPolicy())
                .contains("apiKey");
    }

    @Test
    void authPolicyComesFromTheAnnotation() {
        assertThat(FunctionAdmission.admit(REF, Optional.of(function("3s", null, Map.of("kfn.dev/auth", "jwt"))), "r")
                        .authPolicy())
                .contains("jwt");
        assertThat(FunctionAdmission.admit(REF, Optional.of(function("3s", null, null)), "r")
                        .authPolicy())
                .isEmpty();
    }
}
