package dev.kfn.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Queue policies through the RabbitMQ management API: the one broker setting that must change in place. */
public class BrokerPolicies {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int PRIORITY = 10;

    // HTTP/1.1: the default HTTP/2 upgrade attempt has broken the management API's PUTs ("Broken pipe")
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String vhost;
    private final String authorization;

    public BrokerPolicies(String baseUrl, String vhost, String username, String password) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.vhost = URLEncoder.encode(vhost, StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public void apply(String name, FunctionTopology.LengthPolicy policy) throws IOException {
        byte[] body = json.writeValueAsBytes(Map.of(
            "pattern", policy.pattern(),
            "definition", policy.definition(),
            "priority", PRIORITY,
            "apply-to", "queues"));
        send(request(name).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), name);
    }

    /** Removes the policy; one that is not there is already removed. */
    public void delete(String name) throws IOException {
        send(request(name).DELETE().build(), name);
    }

    private HttpRequest.Builder request(String name) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/policies/" + vhost + "/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8)))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json");
    }

    private void send(HttpRequest request, String name) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing policy " + name, e);
        }
        int status = response.statusCode();
        boolean absentOnDelete = status == 404 && "DELETE".equals(request.method());
        if (status / 100 != 2 && !absentOnDelete) {
            throw new IOException("broker management API answered " + status + " to " + request.method()
                + " policy " + name + ": " + response.body());
        }
    }
}
