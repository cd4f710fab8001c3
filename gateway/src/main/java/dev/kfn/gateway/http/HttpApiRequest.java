package dev.kfn.gateway.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as it came in, in plain values: the route path (without the namespace part of the URL), the raw
 * query, the headers in the order and spelling they were sent (repeats kept), the body bytes.
 */
public record HttpApiRequest(
        String method,
        String routePath,
        Optional<String> rawQuery,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String protocol,
        String sourceIp,
        String scheme,
        int port) {

    /** The values of a header (any spelling), in the order sent. */
    public List<String> header(String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .toList();
    }

    public Optional<String> firstHeader(String name) {
        return header(name).stream().findFirst();
    }

    /** The media type of the body, lower-case and without parameters. */
    public Optional<String> mediaType() {
        return firstHeader("content-type")
                .map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }
}
