package dev.kfn.gateway.it;

import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between the gateway under test and the real RabbitMQ, so a test can take the broker away
 * from the gateway — every connection dropped, new ones refused — and give it back, without stopping the
 * broker other tests on the machine use.
 */
public class BrokerProxy implements QuarkusTestResourceLifecycleManager {

    private static final BrokerSettings BROKER = BrokerSettings.defaults();
    private static volatile BrokerProxy instance;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean stalled;
    private volatile ServerSocket server;
    private Thread acceptor;
    // below the ephemeral range, so no outgoing connection takes it while the broker is cut off
    private final int port = FreePorts.next();

    public static BrokerProxy instance() {
        return instance;
    }

    @Override
    public Map<String, String> start() {
        instance = this;
        listen();
        return Map.of("kfn.broker.host", "127.0.0.1", "kfn.broker.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        resume();
        cut();
    }

    /** Drops every forwarded connection and refuses new ones, as a broker that went down. */
    public synchronized void cut() {
        closeQuietly(server);
        server = null;
        // a listener closed while its thread waits in accept keeps its port until that thread has left accept:
        // a restore right after would find the port in use. Connections it accepted meanwhile go below.
        try {
            acceptor.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sockets.forEach(BrokerProxy::closeQuietly);
        sockets.clear();
    }

    /** Keeps connections open but forwards nothing, as a broker that hangs. */
    public void stall() {
        synchronized (gate) {
            stalled = true;
        }
    }

    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** Accepts connections again on the same port, as a broker that came back. */
    public synchronized void restore() {
        if (server == null) {
            listen();
        }
    }

    private synchronized void listen() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            server = socket;
            acceptor = new Thread(() -> accept(socket), "broker-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket broker = new Socket(BROKER.host(), BROKER.port());
                // without this, Nagle's algorithm meets delayed acks and every small frame waits ~40 ms
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pipe(client, broker);
                pipe(broker, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        byte[] buffer = new byte[64 * 1024];
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            awaitFlowing();
                            out.write(buffer, 0, read);
                        }
                    } catch (IOException e) {
                        // one side closed: close the other so the peer sees the connection end
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "broker-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitFlowing() throws IOException {
        synchronized (gate) {
            while (stalled) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while stalled", e);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
