package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionValidationTest {

    private final Function fn = Functions.java("hello");

    @Test
    void acceptsAFunctionWithOnlyTheRequiredFields() {
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsMemoryBelow128Mi() {
        fn.getSpec().setMemory("64Mi");
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.memory: 64Mi is outside 128Mi … 10Gi");
    }

    @Test
    void rejectsMemoryAbove10Gi() {
        fn.getSpec().setMemory("11Gi");
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.memory: 11Gi is outside 128Mi … 10Gi");
    }

    @Test
    void acceptsMemoryAtBothBounds() {
        fn.getSpec().setMemory("128Mi");
        assertThat(FunctionValidation.problems(fn)).isEmpty();
        fn.getSpec().setMemory("10Gi");
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsMemoryThatIsNotAQuantity() {
        fn.getSpec().setMemory("lots");
        assertThat(FunctionValidation.problems(fn))
                .singleElement()
                .asString()
                .startsWith("spec.memory: \"lots\" is not a quantity");
    }

    @Test
    void rejectsTimeoutAbove900Seconds() {
        fn.getSpec().setTimeout("901s");
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.timeout: 901s is outside 1s … 900s");
    }

    @Test
    void acceptsTimeoutOf15Minutes() {
        fn.getSpec().setTimeout("15m");
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsTimeoutWithoutAUnitAndSaysHowToWriteIt() {
        fn.getSpec().setTimeout("30");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.timeout: \"30\" has no unit; write a duration such as 30s");
    }

    @Test
    void rejectsProvisionedAboveReserved() {
        fn.getSpec().getConcurrency().setReserved(2);
        fn.getSpec().getConcurrency().setProvisioned(3);
        assertThat(FunctionValidation.problems(fn))
                .containsExactly(
                        "spec.concurrency.provisioned: 3 exceeds concurrency.reserved 2; provisioned must be at most reserved");
    }

    @Test
    void rejectsBothImageAndCodeUrl() {
        fn.getSpec().getCode().setImage("registry.example/hello:1");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.code: set exactly one of code.image or code.url, not both");
    }

    @Test
    void rejectsAFunctionWithoutCode() {
        fn.getSpec().setCode(null);
        assertThat(FunctionValidation.problems(fn))
                .containsExactly(
                        "spec.code is required: set code.image (a container image) or code.url (a jar or zip)");
    }

    @Test
    void rejectsAnUnknownRuntime() {
        fn.getSpec().setRuntime("python");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.runtime: \"python\" is not supported; use java or provided");
    }

    @Test
    void rejectsAJavaFunctionWithoutHandler() {
        fn.getSpec().setHandler(null);
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.handler is required for runtime java: pkg.Class::method or pkg.Class");
    }

    @Test
    void acceptsAProvidedFunctionWithoutHandler() {
        fn.getSpec().setRuntime("provided");
        fn.getSpec().setHandler(null);
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsACodeUrlWithAnUnsupportedScheme() {
        fn.getSpec().getCode().setUrl("ftp://example.com/f.zip");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.code.url: \"ftp://example.com/f.zip\" must be a file:, http:// or https:// URL");
    }

    @Test
    void rejectsPerInstanceConcurrencyAbove1000() {
        fn.getSpec().getConcurrency().setPerInstance(1001);
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.concurrency.perInstance: 1001 is outside 1 … 1000");
    }

    @Test
    void rejectsMoreThanTwoRetries() {
        fn.getSpec().getAsync().setMaxRetries(3);
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.async.maxRetries: 3 is outside 0 … 2");
    }

    @Test
    void rejectsMaxEventAgeOutside60SecondsTo6Hours() {
        fn.getSpec().getAsync().setMaxEventAge("30s");
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.async.maxEventAge: 30s is outside 60s … 6h");
        fn.getSpec().getAsync().setMaxEventAge("7h");
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.async.maxEventAge: 7h is outside 60s … 6h");
    }

    @Test
    void rejectsEphemeralStorageBelow512Mi() {
        fn.getSpec().setEphemeralStorage("256Mi");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.ephemeralStorage: 256Mi is outside 512Mi … 10Gi");
    }

    @Test
    void rejectsADestinationWithTwoTargets() {
        Destination both = new Destination();
        both.setQueue("results");
        both.setTopic("results");
        fn.getSpec().getAsync().setOnSuccess(both);
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.async.onSuccess: set exactly one of function, queue or topic");
    }

    @Test
    void rejectsATriggerWithoutAKind() {
        fn.getSpec().setTriggers(List.of(new Trigger()));
        assertThat(FunctionValidation.problems(fn))
                .containsExactly(
                        "spec.triggers[0]: set exactly one of http, schedule, queue, topic, stream, objectStore,"
                                + " clusterEvent, websocket or databaseChange");
    }

    @Test
    void rejectsReservedEnvironmentNames() {
        fn.getSpec()
                .setEnv(List.of(new EnvVar("GREETING", "hi", null), new EnvVar("AWS_LAMBDA_FUNCTION_NAME", "x", null)));
        assertThat(FunctionValidation.problems(fn))
                .containsExactly(
                        "spec.env[1].name: AWS_LAMBDA_FUNCTION_NAME is reserved (kfn sets KFN_*, AWS_LAMBDA_*, _HANDLER,"
                                + " LAMBDA_TASK_ROOT and AWS_REGION itself)");
    }

    @Test
    void rejectsAnUnknownAuthPolicy() {
        fn.getSpec().setAuth("password");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.auth: \"password\" is not a policy; use none, apiKey or jwt");
        fn.getSpec().setAuth("jwt");
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsANameThatCannotNameADeployment() {
        fn.getMetadata().setName("Hello.World");
        assertThat(FunctionValidation.problems(fn))
                .singleElement()
                .asString()
                .startsWith("metadata.name: \"Hello.World\" must be a DNS label");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        fn.getSpec().setMemory("64Mi");
        fn.getSpec().setTimeout("901s");
        fn.getSpec().setRuntime("cobol");
        assertThat(FunctionValidation.problems(fn)).hasSize(3);
    }

    @Test
    void rejectsATimeoutTooLongToRepresentWithoutThrowing() {
        fn.getSpec().setTimeout("9999999999999999h");
        assertThat(FunctionValidation.problems(fn))
                .singleElement()
                .asString()
                .startsWith("spec.timeout: \"9999999999999999h\" is too long");
    }

    @Test
    void rejectsAnEmptyEnvEntryWithoutThrowing() {
        List<EnvVar> env = new java.util.ArrayList<>();
        env.add(null);
        fn.getSpec().setEnv(env);
        assertThat(FunctionValidation.problems(fn)).containsExactly("spec.env[0] is empty: each entry needs a name");
    }

    @Test
    void rejectsAnEmptyTriggerWithoutThrowing() {
        List<Trigger> triggers = new java.util.ArrayList<>();
        triggers.add(null);
        fn.getSpec().setTriggers(triggers);
        assertThat(FunctionValidation.problems(fn))
                .singleElement()
                .asString()
                .startsWith("spec.triggers[0]: set exactly one of");
    }

    @Test
    void rejectsAFunctionDestinationThatIsNeitherANameNorNamespaceSlashName() {
        Destination d = new Destination();
        d.setFunction("a/b/c");
        fn.getSpec().getAsync().setOnSuccess(d);
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.async.onSuccess.function: \"a/b/c\" must be <name> or <namespace>/<name>,"
                        + " each a DNS label");
    }

    @Test
    void acceptsAFunctionDestinationInItsOwnOrAnotherNamespace() {
        Destination own = new Destination();
        own.setFunction("next");
        Destination other = new Destination();
        other.setFunction("billing/next");
        fn.getSpec().getAsync().setOnSuccess(own);
        fn.getSpec().getAsync().setOnFailure(other);
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsACodeDigestThatIsNot64HexDigits() {
        fn.getSpec().getCode().setSha256("abc");
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.code.sha256: \"abc\" must be 64 lower-case hex digits (sha256sum's output)");
    }

    @Test
    void acceptsACodeDigestWithAUrl() {
        fn.getSpec().getCode().setSha256("a".repeat(64));
        assertThat(FunctionValidation.problems(fn)).isEmpty();
    }

    @Test
    void rejectsACodeDigestWithoutAUrl() {
        fn.getSpec().getCode().setUrl(null);
        fn.getSpec().getCode().setImage("example/hello:1");
        fn.getSpec().getCode().setSha256("a".repeat(64));
        assertThat(FunctionValidation.problems(fn))
                .containsExactly("spec.code.sha256: only a code.url is checked against a digest");
    }
}
