package dev.kfn.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A real Prometheus (Debian's prometheus package, which .ci/run installs) scraping every second what a test names,
 * and its query API: how the monitoring pack's queries are run against the series kfn really exports.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code scrapeConfigs}: the YAML list under {@code scrape_configs}, indented by two spaces. */
    public static PrometheusServer start(Path dir, String scrapeConfigs) throws IOException {
        int port = FreePorts.next();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                """ + scrapeConfigs);
        Process process;
        try {
            process = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is missing: apt-get install prometheus", e);
        }
        Http.awaitStatus(
                URI.create("http://127.0.0.1:" + port + "/-/ready"),
                200,
                Duration.ofSeconds(30),
                () -> !process.isAlive(),
                "Prometheus (see " + dir.resolve("prometheus.log") + ")");
        return new PrometheusServer(process, port);
    }

    /** The result of an instant query: one element per series. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        String url =
                "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        JsonNode answer = JSON.readTree(Http.get(URI.create(url)));
        if (!answer.path("status").asText().equals("success")) {
            throw new AssertionError(promql + ": " + answer);
        }
        return answer.path("data").path("result");
    }

    /** The queries that return no series now. */
    public List<String> empty(Collection<String> queries) throws IOException, InterruptedException {
        List<String> empty = new ArrayList<>();
        for (String q : queries) {
            if (query(q).isEmpty()) {
                empty.add(q);
            }
        }
        return empty;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
