package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static Function fn(FunctionStatus status) {
        Function fn = TestFunctions.java(new FunctionId("default", "hello"));
        fn.setStatus(status);
        return fn;
    }

    @Test
    void aTriggerThatCannotBeServedIsSaidWithItsReasonAndMessage() {
        FunctionStatus status = new FunctionStatus()
                .markTriggersFailed(
                        FunctionStatus.REASON_UNSUPPORTED_TRIGGER, List.of("triggers[0]: stream is not served yet"))
                .markReadyFromParts();
        assertThat(StatusLine.of(fn(status), "http://localhost:8080"))
                .hasValue("  hello: not ready (UnsupportedTrigger): triggers[0]: stream is not served yet");
    }

    /** A handler that cannot initialise is said as such, never "ready" (its first call is not the first to tell). */
    @Test
    void aFailedInitIsSaidWithTheError() {
        FunctionStatus status = new FunctionStatus()
                .markDeploymentNotReady("InstancesStarting", "0 of 1 instances ready")
                .markInstancesFailing(
                        FunctionStatus.REASON_INIT_ERROR,
                        List.of("instance hello-7c9-b failed its init: java.lang.ClassNotFoundException: example.Helo"))
                .markReadyFromParts();
        assertThat(StatusLine.of(fn(status), "http://localhost:8080"))
                .hasValue("  hello: not ready (InitError): instance hello-7c9-b failed its init:"
                        + " java.lang.ClassNotFoundException: example.Helo");
    }

    @Test
    void aBrokerErrorIsSaid() {
        FunctionStatus status = new FunctionStatus()
                .markQueueFailed("the broker refused to declare kfn.default.hello.sync")
                .markReadyFromParts();
        assertThat(StatusLine.of(fn(status), null))
                .hasValue("  hello: not ready (BrokerError): the broker refused to declare kfn.default.hello.sync");
    }

    @Test
    void startingIsNotWorthALine() {
        FunctionStatus status = new FunctionStatus()
                .markDeploymentNotReady("InstancesStarting", "0 of 1 instances ready, 1 needed")
                .markReadyFromParts();
        assertThat(StatusLine.of(fn(status), null)).isEmpty();
        assertThat(StatusLine.of(fn(null), null)).isEmpty();
    }

    @Test
    void anInvalidSpecAndAReadyFunctionAreSaidAsBefore() {
        assertThat(StatusLine.of(fn(new FunctionStatus().markInvalidSpec(List.of("spec.memory: too small"))), null))
                .hasValue("  hello: invalid: spec.memory: too small");
        assertThat(StatusLine.of(fn(new FunctionStatus().markReadyFromParts()), "http://localhost:8080"))
                .hasValue("  hello: ready at http://localhost:8080/functions/default/hello\n"
                        + "      curl -s http://localhost:8080/functions/default/hello -d '{\"name\":\"kfn\"}'");
    }

    @Test
    void aFunctionUrlIsSaidWithTheReadyLine() {
        FunctionStatus status = new FunctionStatus().markReadyFromParts();
        status.setUrl("http://localhost:8080/urls/default/hello/");
        assertThat(StatusLine.of(fn(status), "http://localhost:8080"))
                .hasValue("  hello: ready at http://localhost:8080/functions/default/hello\n"
                        + "      curl -s http://localhost:8080/functions/default/hello -d '{\"name\":\"kfn\"}'\n"
                        + "      function URL: curl -s http://localhost:8080/urls/default/hello/");
    }
}
