package dev.kfn.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports for processes a test starts. Taken below Linux's ephemeral range (32768+) and never with
 * {@code bind(0)}: a port the kernel hands out could be taken by any outgoing connection (another process's broker
 * connection, say) between the check and the bind of the process that uses it.
 */
public final class FreePorts {

    // each test JVM starts at its own offset, so parallel modules rarely probe the same ports
    private static final AtomicInteger NEXT = new AtomicInteger(20_000 + new Random().nextInt(10_000));

    private FreePorts() {}

    public static int next() {
        while (true) {
            int port = NEXT.getAndIncrement();
            if (port >= 32_000) {
                NEXT.compareAndSet(port + 1, 20_000);
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try the next one
            }
        }
    }
}
