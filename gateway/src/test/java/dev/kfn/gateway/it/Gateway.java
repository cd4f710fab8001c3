package dev.kfn.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The gateway under test, over plain HTTP and through the AWS SDK's own LambdaClient. */
public final class Gateway {

    /** Guards every call: a gateway that hangs fails the test instead of stalling it. */
    public static final Duration CALL_LIMIT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    public Gateway() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        base = URI.create("http://localhost:" + port);
    }

    public URI base() {
        return base;
    }

    /** As a user would build it with only an endpoint override; retries off so each answer is seen as sent. */
    public LambdaClient lambda() {
        return LambdaClient.builder()
                .endpointOverride(base)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(CALL_LIMIT)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public HttpResponse<byte[]> post(String path, Map<String, String> headers, byte[] body) {
        try {
            return postAsync(path, headers, body).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }

    public CompletableFuture<HttpResponse<byte[]>> postAsync(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(CALL_LIMIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Any request, as built; {@link #CALL_LIMIT} guards it. */
    public HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(CALL_LIMIT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * On a connection of its own: for requests the gateway refuses by closing the connection after its answer (a
     * body over the limit), so that neither this call nor the next meets a pooled connection the gateway closed.
     */
    public HttpResponse<byte[]> sendOnItsOwnConnection(HttpRequest.Builder request) {
        HttpClient own = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            return own.send(request.timeout(CALL_LIMIT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.timeout(CALL_LIMIT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    public String get(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(base.resolve(path))
                                    .timeout(CALL_LIMIT)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String invokePath(String functionName) {
        return "/2015-03-31/functions/" + functionName + "/invocations";
    }

    /** Lambda's invoke path naming the function as {@code namespace/name}, the slash URL-encoded as the SDKs do. */
    public static String invokePath(FunctionId function) {
        return invokePath(URLEncoder.encode(function.toString(), StandardCharsets.UTF_8));
    }

    /** The status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        return Http.status(base.resolve(path));
    }

    public static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of one Prometheus sample, summed over the lines that carry every given label fragment. */
    public double metric(String name, String... labels) {
        return get("/q/metrics")
                .lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
