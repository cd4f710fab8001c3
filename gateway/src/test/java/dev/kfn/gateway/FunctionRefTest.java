package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionRefTest {

    private static FunctionRef parse(String name) {
        return FunctionRef.parse(name, Optional.empty(), "default");
    }

    @Test
    void bareNameLivesInTheDefaultNamespace() {
        assertThat(parse("hello")).isEqualTo(new FunctionRef(new FunctionId("default", "hello"), Optional.empty()));
    }

    @Test
    void namespaceSlashNameNamesTheNamespace() {
        assertThat(parse("team-a/hello"))
                .isEqualTo(new FunctionRef(new FunctionId("team-a", "hello"), Optional.empty()));
    }

    @Test
    void arnCarriesTheNamespaceInItsAccountField() {
        assertThat(parse("arn:aws:lambda:eu-west-1:team-a:function:hello:$LATEST"))
                .isEqualTo(new FunctionRef(new FunctionId("team-a", "hello"), Optional.of("$LATEST")));
    }

    @Test
    void qualifierMayComeWithTheNameOrAsParameterButMustAgree() {
        assertThat(FunctionRef.parse("hello", Optional.of("$LATEST"), "default").qualifier())
                .contains("$LATEST");
        assertThat(parse("hello:prod").qualifier()).contains("prod");
        assertThatThrownBy(() -> FunctionRef.parse("hello:prod", Optional.of("dev"), "default"))
                .isInstanceOfSatisfying(
                        InvokeException.class,
                        e -> assertThat(e.error().status()).isEqualTo(400));
    }

    @Test
    void onlyLatestExists() {
        assertThat(parse("hello").latest()).isTrue();
        assertThat(parse("hello:$LATEST").latest()).isTrue();
        assertThat(parse("hello:1").latest()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hello",
                "under_score",
                "-leading",
                "trailing-",
                "a/b/c",
                "arn:aws:lambda",
                "ns/",
                "/name",
                "hello:",
                "hello:bad qualifier",
                "a123456789012345678901234567890123456789012345678901234567890123"
            })
    void malformedNamesAre400InvalidParameterValue(String name) {
        assertThatThrownBy(() -> parse(name)).isInstanceOfSatisfying(InvokeException.class, e -> {
            assertThat(e.error().status()).isEqualTo(400);
            assertThat(e.error().name()).isEqualTo("InvalidParameterValueException");
        });
    }

    @Test
    void sixtyThreeCharactersIsTheLongestName() {
        String longest = "a".repeat(63);
        assertThat(parse(longest).function().name()).isEqualTo(longest);
    }
}
