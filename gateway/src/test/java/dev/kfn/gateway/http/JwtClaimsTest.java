package dev.kfn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtClaimsTest {

    private static String token(String payload) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }

    @Test
    void everyClaimIsAStringAsApiGatewayWritesIt() {
        HttpApiEvent.Jwt jwt =
                JwtClaims.of(token("{\"sub\":\"u1\",\"exp\":1700000000,\"admin\":true,\"groups\":[\"a\",\"b\"],"
                        + "\"address\":{\"city\":\"Paris\"},\"scope\":\"orders:read  orders:write\"}"));

        assertThat(jwt.claims())
                .containsExactly(
                        Map.entry("sub", "u1"),
                        Map.entry("exp", "1700000000"),
                        Map.entry("admin", "true"),
                        Map.entry("groups", "[a b]"),
                        Map.entry("address", "{\"city\":\"Paris\"}"),
                        Map.entry("scope", "orders:read  orders:write"));
        assertThat(jwt.scopes()).hasValue(java.util.List.of("orders:read", "orders:write"));
    }

    @Test
    void withoutAScopeClaimThereAreNoScopes() {
        assertThat(JwtClaims.of(token("{\"sub\":\"u1\"}")).scopes()).isEmpty();
    }
}
