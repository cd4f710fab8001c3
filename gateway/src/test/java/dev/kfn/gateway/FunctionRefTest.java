package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionRefTest {

    private static final AccountNamespaces NAMESPACES =
            new AccountNamespaces("default", Map.of("123456789012", "team-b"));

    private static FunctionRef parse(String name) {
        return FunctionRef.parse(name, Optional.empty(), NAMESPACES);
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
        assertThat(FunctionRef.parse("hello", Optional.of("$LATEST"), NAMESPACES)
                        .qualifier())
                .contains("$LATEST");
        assertThat(parse("hello:prod").qualifier()).contains("prod");
        assertThatThrownBy(() -> FunctionRef.parse("hello:prod", Optional.of("dev"), NAMESPACES))
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
    void anAwsAccountIdMeansTheDefaultNamespaceUnlessItIsMapped() {
        assertThat(parse("arn:aws:lambda:us-east-1:000000000000:function:hello").function())
                .isEqualTo(new FunctionId("default", "hello"));
        assertThat(parse("arn:aws:lambda:us-east-1:123456789012:function:hello").function())
                .isEqualTo(new FunctionId("team-b", "hello"));
        assertThat(parse("arn:aws:lambda:us-east-1::function:hello").function())
                .isEqualTo(new FunctionId("default", "hello"));
    }

    @Test
    void sixtyThreeCharactersIsTheLongestName() {
        String longest = "a".repeat(63);
        assertThat(parse(longest).function().name()).isEqualTo(longest);
    }
}
