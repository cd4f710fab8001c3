package dev.kfn.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthPolicyTest {

    @Test
    void authOffOpensEveryFunctionWhateverItAsks() {
        assertThat(AuthPolicy.effective(false, "apiKey", Optional.of("jwt"))).isEqualTo(AuthPolicy.NONE);
    }

    @Test
    void functionsPolicyWinsOverTheDefault() {
        assertThat(AuthPolicy.effective(true, "apiKey", Optional.of("none"))).isEqualTo(AuthPolicy.NONE);
        assertThat(AuthPolicy.effective(true, "apiKey", Optional.empty())).isEqualTo(AuthPolicy.API_KEY);
    }

    @Test
    void unknownPolicyIsReadAsTheStrictest() {
        assertThat(AuthPolicy.effective(true, "none", Optional.of("apikey"))).isEqualTo(AuthPolicy.JWT);
    }

    @Test
    void invokeGroupsCoverAllANamespaceOrOneFunction() {
        FunctionId fn = new FunctionId("team", "hello");
        assertThat(InvokeScopes.allows(Set.of("kfn:invoke:*"), fn)).isTrue();
        assertThat(InvokeScopes.allows(Set.of("kfn:invoke:team"), fn)).isTrue();
        assertThat(InvokeScopes.allows(Set.of("kfn:invoke:team/hello"), fn)).isTrue();
        assertThat(InvokeScopes.allows(Set.of("kfn:invoke:team/other", "kfn:invoke:other"), fn))
                .isFalse();
        assertThat(InvokeScopes.allows(null, fn)).isFalse();
    }

    @Test
    void awsSignaturesAreNotBearerTokens() {
        assertThat(Credentials.of(null, "AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/lambda/aws4_request")
                        .bearerToken())
                .isEmpty();
        assertThat(Credentials.of(null, "bearer abc").bearerToken()).contains("abc");
        assertThat(Credentials.of("", null).apiKey()).isEmpty();
    }
}
