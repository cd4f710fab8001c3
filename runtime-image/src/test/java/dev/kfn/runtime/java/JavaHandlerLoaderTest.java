package dev.kfn.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import dev.kfn.runtime.invoke.FunctionInstance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The handler signatures of Lambda's Java runtime, loaded in this JVM with the test classes. */
class JavaHandlerLoaderTest {

    private static final ClassLoader LOADER = JavaHandlerLoaderTest.class.getClassLoader();
    private static final LambdaContext CONTEXT = new LambdaContext(
            "req-1",
            new FunctionInstance(new FunctionId("ns", "fn"), 128, "us-east-1", "/kfn/ns/fn", "stream"),
            System.currentTimeMillis() + 3000,
            new FunctionLogger(),
            null);

    private static String call(String handler, String event) throws Throwable {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JavaHandlerLoader.load(handler, LOADER)
                .handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, CONTEXT);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void methodWithoutArgumentsIgnoresTheEvent() throws Throwable {
        assertThat(call("dev.kfn.testfunctions.Shapes::noArguments", "{\"ignored\":true}"))
                .isEqualTo("\"none\"");
    }

    @Test
    void streamMethodGetsTheRawBytes() throws Throwable {
        assertThat(call("dev.kfn.testfunctions.Shapes::streams", "raw")).isEqualTo("raw");
    }

    @Test
    void genericEventTypeAndContextAreBothPassed() throws Throwable {
        assertThat(call("dev.kfn.testfunctions.Shapes::sizeWithContext", "[\"a\",\"b\"]"))
                .isEqualTo("130");
    }

    @Test
    void voidMethodAnswersNullAsLambdaDoes() throws Throwable {
        assertThat(call("dev.kfn.testfunctions.Shapes::nothingBack", "{}")).isEqualTo("null");
    }

    @Test
    void emptyPayloadIsANullEvent() throws Throwable {
        assertThat(call("dev.kfn.testfunctions.Shapes::nothingBack", "")).isEqualTo("null");
    }

    @Test
    void rejectsSignaturesLambdaRejects() {
        assertThatThrownBy(() -> JavaHandlerLoader.load("dev.kfn.testfunctions.Shapes::twoEvents", LOADER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported handler signature");
        assertThatThrownBy(() -> JavaHandlerLoader.load("dev.kfn.testfunctions.Shapes::missing", LOADER))
                .isInstanceOf(NoSuchMethodException.class);
        assertThatThrownBy(() -> JavaHandlerLoader.load("dev.kfn.testfunctions.Shapes", LOADER))
                .isInstanceOf(NoSuchMethodException.class)
                .hasMessageContaining("Class::method");
        assertThatThrownBy(() -> JavaHandlerLoader.load("dev.kfn.testfunctions.Absent", LOADER))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
