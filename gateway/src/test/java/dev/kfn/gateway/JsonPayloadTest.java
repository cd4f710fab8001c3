package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPayloadTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " \n", "{}", "{\"a\":[1,2,{\"b\":null}]}", "\"text\"", "42", "null", "[1]", " true "})
    void acceptsOneJsonValueOrNothing(String payload) {
        assertThatCode(() -> JsonPayload.require(payload.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{\"a\":", "{} {}", "1 2", "{'a':1}", "[1,]"})
    void refusesAnythingElseAsLambdaDoes(String payload) {
        assertThatThrownBy(() -> JsonPayload.require(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvokeException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().name()).isEqualTo("InvalidRequestContentException");
                    assertThat(e.error().message()).startsWith("Could not parse request body into json: ");
                });
    }
}
