package dev.kfn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.http.Cors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsHeadersTest {

    private static Cors cors(List<String> origins, boolean credentials) {
        Cors cors = new Cors();
        cors.setAllowOrigins(origins);
        cors.setAllowMethods(List.of("GET", "POST"));
        cors.setAllowHeaders(List.of("content-type", "authorization"));
        cors.setExposeHeaders(List.of("x-request-id"));
        cors.setMaxAge(600);
        cors.setAllowCredentials(credentials);
        return cors;
    }

    @Test
    void preflightOfAnAllowedOriginCarriesTheWholeConfiguration() {
        assertThat(CorsHeaders.preflight(
                        cors(List.of("https://app.example"), true), Optional.of("https://app.example")))
                .containsExactly(
                        Map.entry("access-control-allow-origin", "https://app.example"), Map.entry("vary", "origin"),
                        Map.entry("access-control-allow-credentials", "true"),
                                Map.entry("access-control-allow-methods", "GET,POST"),
                        Map.entry("access-control-allow-headers", "content-type,authorization"),
                                Map.entry("access-control-max-age", "600"));
    }

    @Test
    void anyOriginIsAStarUnlessCredentialsAreAllowed() {
        assertThat(CorsHeaders.actual(cors(List.of("*"), false), Optional.of("https://x.example")))
                .containsExactly(
                        Map.entry("access-control-allow-origin", "*"),
                        Map.entry("access-control-expose-headers", "x-request-id"));
        assertThat(CorsHeaders.actual(cors(List.of("*"), true), Optional.of("https://x.example")))
                .contains(Map.entry("access-control-allow-origin", "https://x.example"), Map.entry("vary", "origin"));
    }

    @Test
    void anOriginNotAllowedOrAbsentGetsNoCorsHeaders() {
        assertThat(CorsHeaders.preflight(
                        cors(List.of("https://app.example"), false), Optional.of("https://evil.example")))
                .isEmpty();
        assertThat(CorsHeaders.actual(cors(List.of("https://app.example"), false), Optional.empty()))
                .isEmpty();
    }

    @Test
    void theFunctionsOwnCorsHeadersAreReplaced() {
        assertThat(CorsHeaders.replaces("Access-Control-Allow-Origin")).isTrue();
        assertThat(CorsHeaders.replaces("content-type")).isFalse();
    }

    @Test
    void aPreflightIsAnOptionsRequestNamingAMethod() {
        HttpApiRequest preflight = new HttpApiRequest(
                "OPTIONS",
                "/",
                Optional.empty(),
                List.of(Map.entry("Access-Control-Request-Method", "POST")),
                new byte[0],
                "HTTP/1.1",
                "1.1.1.1",
                "http",
                80);
        HttpApiRequest options = new HttpApiRequest(
                "OPTIONS", "/", Optional.empty(), List.of(), new byte[0], "HTTP/1.1", "1.1.1.1", "http", 80);

        assertThat(CorsHeaders.isPreflight(preflight)).isTrue();
        assertThat(CorsHeaders.isPreflight(options)).isFalse();
    }
}
