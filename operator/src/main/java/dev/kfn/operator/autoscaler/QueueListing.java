package dev.kfn.operator.autoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Every queue of the vhost in one management API call. Cheap per queue, but its figures trail the
 * broker by up to a statistics interval (5 s by default), so it serves what may lag: unacknowledged
 * counts, and the safety net for functions at zero whose publisher sent no wake.
 */
public class QueueListing {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One queue's figures; a figure the broker has not computed yet is absent, never zero. */
    public record Counts(OptionalLong ready, OptionalLong unacknowledged) {
    }

    public record Snapshot(Map<String, Counts> queues, Instant takenAt) {

        public static final Snapshot NONE = new Snapshot(Map.of(), Instant.EPOCH);

        public Counts counts(String queue) {
            return queues.getOrDefault(queue, new Counts(OptionalLong.empty(), OptionalLong.empty()));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI uri;
    private final String authorization;

    public QueueListing(String managementUrl, String vhost, String username, String password) {
        this.uri = URI.create(managementUrl.replaceAll("/+$", "") + "/api/queues/"
            + URLEncoder.encode(vhost, StandardCharsets.UTF_8)
            + "?columns=name,messages_ready,messages_unacknowledged");
        this.authorization = "Basic " + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Snapshot read(Instant now) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing queues", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("broker management API answered " + response.statusCode() + " to the queue listing");
        }
        Map<String, Counts> queues = new HashMap<>();
        for (JsonNode queue : json.readTree(response.body())) {
            String name = queue.path("name").asText();
            if (name.startsWith("kfn.")) {
                queues.put(name, new Counts(figure(queue, "messages_ready"), figure(queue, "messages_unacknowledged")));
            }
        }
        return new Snapshot(Map.copyOf(queues), now);
    }

    private static OptionalLong figure(JsonNode queue, String field) {
        JsonNode value = queue.get(field);
        return value == null || !value.isNumber() ? OptionalLong.empty() : OptionalLong.of(value.asLong());
    }
}
