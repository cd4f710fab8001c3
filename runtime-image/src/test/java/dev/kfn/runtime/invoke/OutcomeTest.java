package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void timeoutReadsLikeLambdas() {
        Outcome timeout = Outcome.timeout("abc", 3000);
        assertThat(timeout.timedOut()).isTrue();
        assertThat(timeout.payloadText())
                .isEqualTo(
                        "{\"errorMessage\":\"RequestId: abc Error: Task timed out after 3.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}");
    }

    @Test
    void errorTraceStopsAtTheHost() {
        Exception thrown = new IllegalArgumentException("bad");
        thrown.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.example.Fn", "handle", "Fn.java", 12),
            new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
            new StackTraceElement("dev.kfn.runtime.java.JavaHandlerLoader", "call", "JavaHandlerLoader.java", 119)
        });
        assertThat(ErrorBody.of(thrown))
                .isEqualTo(new ErrorBody(
                        "java.lang.IllegalArgumentException",
                        "bad",
                        java.util.List.of("com.example.Fn.handle(Fn.java:12)")));
    }
}
