package dev.kfn.gateway.auth;

import java.util.Optional;

/**
 * What a caller presented: an API key ({@code X-Api-Key}) and a bearer token. The AWS SDKs sign with
 * {@code Authorization: AWS4-HMAC-SHA256 …}, which is not a bearer token and is ignored.
 */
public record Credentials(Optional<String> apiKey, Optional<String> bearerToken) {

    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "Bearer ";

    public static Credentials of(String apiKeyHeader, String authorizationHeader) {
        Optional<String> token = Optional.ofNullable(authorizationHeader)
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).trim())
                .filter(value -> !value.isEmpty());
        return new Credentials(Optional.ofNullable(apiKeyHeader).filter(value -> !value.isEmpty()), token);
    }
}
