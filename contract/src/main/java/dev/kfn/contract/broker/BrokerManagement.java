package dev.kfn.contract.broker;

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
import java.util.Base64;
import java.util.Map;

/**
 * kfn's one client of the RabbitMQ management API: queue policies (the one broker setting that must change in
 * place), the listing of every queue in one call, and the overview that tells the API answers.
 */
public class BrokerManagement {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Listing a vhost of 20,000 queues took 3.5–6.5 s on two busy cores. */
    private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(60);

    private static final int POLICY_PRIORITY = 10;

    // HTTP/1.1: the default HTTP/2 upgrade attempt has broken the management API's PUTs ("Broken pipe")
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String vhost;
    private final String authorization;

    public BrokerManagement(BrokerSettings settings) {
        this.baseUrl = settings.managementUrl() + "/api";
        this.vhost = encode(settings.vhost());
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** Creates or replaces a policy applying to queues whose names match {@code pattern}. */
    public void putPolicy(String name, String pattern, Map<String, Object> definition) throws IOException {
        byte[] body = json.writeValueAsBytes(Map.of(
                "pattern", pattern,
                "definition", definition,
                "priority", POLICY_PRIORITY,
                "apply-to", "queues"));
        send(
                request("/policies/" + vhost + "/" + encode(name))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                true);
    }

    /** Removes a policy; one that is not there is already removed. */
    public void deletePolicy(String name) throws IOException {
        send(request("/policies/" + vhost + "/" + encode(name)).DELETE().build(), true);
    }

    /** Creates or replaces a user without tags: it can use AMQP, never the management API. */
    public void putUser(String name, String password) throws IOException {
        byte[] body = json.writeValueAsBytes(Map.of("password", password, "tags", ""));
        send(
                request("/users/" + encode(name))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                true);
    }

    /** Removes a user with its permissions; one that is not there is already removed. */
    public void deleteUser(String name) throws IOException {
        send(request("/users/" + encode(name)).DELETE().build(), true);
    }

    /** Sets what {@code user} may do in this vhost, its topic permissions included. */
    public void putPermissions(String user, BrokerPermissions permissions) throws IOException {
        byte[] body = json.writeValueAsBytes(
                Map.of("configure", permissions.configure(), "write", permissions.write(), "read", permissions.read()));
        send(
                request("/permissions/" + vhost + "/" + encode(user))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                true);
        for (BrokerPermissions.TopicPermission topic : permissions.topics()) {
            byte[] rule = json.writeValueAsBytes(
                    Map.of("exchange", topic.exchange().exchangeName(), "write", topic.write(), "read", topic.read()));
            send(
                    request("/topic-permissions/" + vhost + "/" + encode(user))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(rule))
                            .build(),
                    true);
        }
    }

    /** Every queue of the vhost with the named columns, as the API returns them (a JSON array). */
    public JsonNode queues(String columns) throws IOException {
        return json.readTree(send(
                request("/queues/" + vhost + "?columns=" + encode(columns))
                        .timeout(LISTING_TIMEOUT)
                        .GET()
                        .build(),
                false));
    }

    /** Answers when the API is reachable with these credentials; throws saying why otherwise. */
    public JsonNode overview() throws IOException {
        return json.readTree(send(request("/overview").GET().build(), false));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json");
    }

    private byte[] send(HttpRequest request, boolean absentIsDone) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + request.method() + " " + request.uri(), e);
        }
        int status = response.statusCode();
        boolean absentOnDelete = absentIsDone && status == 404 && "DELETE".equals(request.method());
        if (status / 100 != 2 && !absentOnDelete) {
            throw new IOException("the broker management API answered " + status + " to " + request.method() + " "
                    + request.uri().getPath() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
