package dev.kfn.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process the node agent can run as an instance where only its lifecycle matters: it answers the readiness probe
 * on {@code QUARKUS_HTTP_PORT} with its pod's name, 200 unless a file {@code not-ready} is in its task root.
 */
public final class ReadinessServer {

    private ReadinessServer() {}

    public static void main(String[] args) throws IOException {
        Path notReady = Path.of(System.getenv("KFN_TASK_ROOT")).resolve("not-ready");
        byte[] name = System.getenv("POD_NAME").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 16);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(Files.exists(notReady) ? 503 : 200, name.length);
            exchange.getResponseBody().write(name);
            exchange.close();
        });
        server.start();
    }
}
