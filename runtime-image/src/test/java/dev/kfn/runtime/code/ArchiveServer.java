package dev.kfn.runtime.code;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kfn.testsupport.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on localhost serving one archive the way a test asks: whole, stalled after the headers,
 * trickled, or not at all. JDK's own server, so the fetch goes through a real socket and HTTP parser.
 */
public final class ArchiveServer implements AutoCloseable {

    /** How the next requests are answered. */
    public enum Mode {
        WHOLE,
        /** Headers, then silence until the server closes. */
        STALL,
        /** One byte every 100 ms. */
        TRICKLE,
        NOT_FOUND
    }

    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Path archive;
    private volatile Mode mode = Mode.WHOLE;

    public ArchiveServer(Path archive) throws IOException {
        this.archive = archive;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
    }

    public ArchiveServer serve(Path archive, Mode mode) {
        this.archive = archive;
        this.mode = mode;
        return this;
    }

    public ArchiveServer mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/function.zip";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (mode == Mode.NOT_FOUND) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(archive);
            exchange.sendResponseHeaders(200, mode == Mode.WHOLE ? body.length : 0);
            OutputStream out = exchange.getResponseBody();
            switch (mode) {
                case WHOLE -> out.write(body);
                case STALL -> {
                    out.flush();
                    closing.await();
                }
                case TRICKLE -> {
                    for (int i = 0; i < body.length && closing.getCount() > 0; i++) {
                        out.write(body[i]);
                        out.flush();
                        closing.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
                default -> throw new IllegalStateException(mode.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up, as a fetch that gives up does
        }
    }

    public URI uri() {
        return URI.create(url());
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
