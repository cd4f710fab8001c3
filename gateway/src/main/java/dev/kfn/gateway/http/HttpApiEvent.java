package dev.kfn.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.api.http.RouteMatch;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API Gateway HTTP API event, payload format 2.0, of one request: header names lower-cased and repeats
 * comma-joined, the {@code Cookie} headers as {@code cookies}, repeated query keys comma-joined, and a body that is
 * not text base64-encoded. The account and API are the namespace (as the account is in kfn's function ARNs); the stage
 * is always {@code $default}.
 */
public final class HttpApiEvent {

    public static final String VERSION = "2.0";
    public static final String STAGE = "$default";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** Media types whose bodies are passed as text; every other body, or one that is not UTF-8, is base64. */
    private static final Set<String> TEXT_TYPES = Set.of(
            "application/json",
            "application/xml",
            "application/javascript",
            "application/x-www-form-urlencoded",
            "application/yaml",
            "application/graphql");

    private HttpApiEvent() {}

    /** Who the caller is, when the route's auth verified a JWT. */
    public record Jwt(Map<String, String> claims, Optional<List<String>> scopes) {}

    public static byte[] of(
            HttpApiRequest request,
            RouteMatch match,
            String namespace,
            String requestId,
            Instant now,
            Optional<Jwt> jwt) {
        return of(request, match, namespace, namespace, requestId, now, jwt);
    }

    /** @param apiId the namespace for its HTTP API, the function's name for a function URL */
    public static byte[] of(
            HttpApiRequest request,
            RouteMatch match,
            String namespace,
            String apiId,
            String requestId,
            Instant now,
            Optional<Jwt> jwt) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", VERSION);
        String routeKey = match.route().key().text();
        event.put("routeKey", routeKey);
        event.put("rawPath", request.routePath());
        event.put("rawQueryString", request.rawQuery().orElse(""));
        List<String> cookies = cookies(request);
        if (!cookies.isEmpty()) {
            event.putPOJO("cookies", cookies);
        }
        event.putPOJO("headers", headers(request));
        Map<String, String> query = queryParameters(request.rawQuery().orElse(""));
        if (!query.isEmpty()) {
            event.putPOJO("queryStringParameters", query);
        }
        if (!match.pathParameters().isEmpty()) {
            event.putPOJO("pathParameters", match.pathParameters());
        }
        ObjectNode context = event.putObject("requestContext");
        String domainName =
                request.firstHeader("host").map(HttpApiAddressing::withoutPort).orElse("");
        context.put("accountId", namespace);
        context.put("apiId", apiId);
        jwt.ifPresent(token -> {
            ObjectNode claims = context.putObject("authorizer").putObject("jwt");
            claims.putPOJO("claims", token.claims());
            claims.putPOJO("scopes", token.scopes().orElse(null));
        });
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.split("\\.", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.routePath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.firstHeader("user-agent").orElse(""));
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", STAGE);
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (request.body().length > 0) {
            Optional<String> text = text(request);
            event.put("body", text.orElseGet(() -> Base64.getEncoder().encodeToString(request.body())));
            event.put("isBase64Encoded", text.isEmpty());
        } else {
            event.put("isBase64Encoded", false);
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /**
     * Lower-cased names, repeats comma-joined, cookies left to {@code cookies}; and the {@code x-forwarded-*} headers
     * API Gateway adds, so frameworks behind a handler see the caller's address and scheme.
     */
    static Map<String, String> headers(HttpApiRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("cookie")) {
                headers.merge(name, header.getValue(), (first, next) -> first + "," + next);
            }
        }
        headers.merge("x-forwarded-for", request.sourceIp(), (first, next) -> first + ", " + next);
        headers.putIfAbsent("x-forwarded-proto", request.scheme());
        headers.putIfAbsent("x-forwarded-port", Integer.toString(request.port()));
        return headers;
    }

    static List<String> cookies(HttpApiRequest request) {
        List<String> cookies = new ArrayList<>();
        for (String header : request.header("cookie")) {
            for (String cookie : header.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.trim());
                }
            }
        }
        return cookies;
    }

    /** Decoded keys and values; a repeated key's values comma-joined in the order sent; a key without {@code =} is empty. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(key, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** The body as text when its media type is text and its bytes are UTF-8; empty when it must go as base64. */
    static Optional<String> text(HttpApiRequest request) {
        boolean textual = request.mediaType()
                .filter(type -> type.startsWith("text/")
                        || TEXT_TYPES.contains(type)
                        || type.endsWith("+json")
                        || type.endsWith("+xml"))
                .isPresent();
        if (!textual) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(request.body()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
