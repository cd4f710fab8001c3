package dev.kfn.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling an HTTP endpoint until it answers as wanted: how tests wait for readiness of a process they started. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private Http() {}

    /** The status of a GET, or -1 when nothing answers. */
    public static int status(URI uri) {
        try {
            return CLIENT.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static String get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Waits until {@code uri} answers {@code status}, failing at once when {@code dead} turns true. */
    public static void awaitStatus(URI uri, int status, Duration within, BooleanSupplier dead, String what) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(50))
                .failFast(what + " exited", dead::getAsBoolean)
                .until(() -> status(uri) == status);
    }
}
