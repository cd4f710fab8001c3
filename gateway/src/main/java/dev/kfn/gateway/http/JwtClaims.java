package dev.kfn.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A verified JWT's claims as API Gateway's JWT authorizer hands them to the function: every value as a string
 * (numbers and booleans as written, an array as {@code [a b]}, an object as its JSON), and the {@code scope} claim
 * split into {@code scopes}.
 */
public final class JwtClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JwtClaims() {}

    /** @param token a compact JWS whose signature the gateway has verified: its payload is read, not checked again */
    public static HttpApiEvent.Jwt of(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> claims = new LinkedHashMap<>();
        payload.fields().forEachRemaining(claim -> claims.put(claim.getKey(), text(claim.getValue())));
        Optional<List<String>> scopes = Optional.ofNullable(claims.get("scope"))
                .map(scope -> Arrays.stream(scope.split(" "))
                        .filter(s -> !s.isEmpty())
                        .toList());
        return new HttpApiEvent.Jwt(claims, scopes);
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            return StreamSupport.stream(value.spliterator(), false)
                    .map(JwtClaims::text)
                    .collect(Collectors.joining(" ", "[", "]"));
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
