package dev.kfn.local.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The benchmarks' caller: one small JSON payload POSTed over HTTP/1.1, anything but a 200 without error thrown. */
final class NoopCaller {

    static final byte[] PAYLOAD = "{\"hello\":\"kfn\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http;

    NoopCaller(HttpClient http) {
        this.http = http;
    }

    static NoopCaller http11() {
        return new NoopCaller(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    void post(URI uri) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(PAYLOAD))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200
                || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            throw new IllegalStateException("answered " + response.statusCode());
        }
    }
}
