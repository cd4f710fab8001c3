package dev.kfn.gateway.http;

import dev.kfn.api.http.Cors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CORS as API Gateway's HTTP APIs do it, from a route's configuration: the gateway answers a preflight itself, adds
 * the headers to every answer to an allowed origin, and drops the {@code access-control-*} headers a function set, so
 * the configuration is the one truth. An origin that is not allowed gets no CORS header at all: the browser refuses.
 */
public final class CorsHeaders {

    public static final String ORIGIN = "origin";
    public static final String REQUEST_METHOD = "access-control-request-method";
    private static final String ANY = "*";

    private CorsHeaders() {}

    /** A CORS preflight: {@code OPTIONS} naming the method the browser means to send. */
    public static boolean isPreflight(HttpApiRequest request) {
        return request.method().equals("OPTIONS")
                && request.firstHeader(REQUEST_METHOD).isPresent();
    }

    /** The headers of the 204 answering a preflight. */
    public static List<Map.Entry<String, String>> preflight(Cors cors, Optional<String> origin) {
        List<Map.Entry<String, String>> headers = allowOrigin(cors, origin);
        if (headers.isEmpty()) {
            return headers;
        }
        list(cors.getAllowMethods())
                .ifPresent(methods -> headers.add(Map.entry("access-control-allow-methods", methods)));
        list(cors.getAllowHeaders()).ifPresent(names -> headers.add(Map.entry("access-control-allow-headers", names)));
        Optional.ofNullable(cors.getMaxAge())
                .ifPresent(age -> headers.add(Map.entry("access-control-max-age", age.toString())));
        return headers;
    }

    /** The headers added to an actual answer. */
    public static List<Map.Entry<String, String>> actual(Cors cors, Optional<String> origin) {
        List<Map.Entry<String, String>> headers = allowOrigin(cors, origin);
        if (!headers.isEmpty()) {
            list(cors.getExposeHeaders())
                    .ifPresent(names -> headers.add(Map.entry("access-control-expose-headers", names)));
        }
        return headers;
    }

    /** The function's own CORS headers, which the configuration replaces. */
    public static boolean replaces(String header) {
        return header.toLowerCase(Locale.ROOT).startsWith("access-control-");
    }

    /**
     * {@code *} when any origin may call and credentials are not allowed (a browser refuses {@code *} with them);
     * otherwise the caller's own origin, with {@code vary: origin} so caches keep answers per origin apart.
     */
    private static List<Map.Entry<String, String>> allowOrigin(Cors cors, Optional<String> origin) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<String> allowed = Optional.ofNullable(cors.getAllowOrigins()).orElse(List.of());
        if (origin.isEmpty() || allowed.stream().noneMatch(o -> o.equals(ANY) || o.equalsIgnoreCase(origin.get()))) {
            return headers;
        }
        boolean credentials = Boolean.TRUE.equals(cors.getAllowCredentials());
        if (allowed.contains(ANY) && !credentials) {
            headers.add(Map.entry("access-control-allow-origin", ANY));
        } else {
            headers.add(Map.entry("access-control-allow-origin", origin.get()));
            headers.add(Map.entry("vary", "origin"));
        }
        if (credentials) {
            headers.add(Map.entry("access-control-allow-credentials", "true"));
        }
        return headers;
    }

    private static Optional<String> list(List<String> values) {
        return Optional.ofNullable(values).filter(v -> !v.isEmpty()).map(v -> String.join(",", v));
    }
}
