package dev.kfn.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kfn local's API takes any write and its gateway any call, with no login: they listen on loopback unless asked.
 * Another address of this machine ({@code 127.0.0.2}, and any address of a network interface) reaches neither.
 */
class LoopbackBindE2ETest {

    @Test
    void theGatewayAndTheApiServerAnswerOnLoopbackOnly() throws Exception {
        try (LocalRun run = LocalRun.start(Path.of("target/e2e-bind").toAbsolutePath(), Map.of())) {
            List<Integer> ports = ports(run);
            for (int port : ports) {
                assertThat(accepts(InetAddress.getByName("127.0.0.1"), port))
                        .as("127.0.0.1:" + port)
                        .isTrue();
                for (InetAddress other : otherLocalAddresses()) {
                    assertThat(accepts(other, port)).as(other + ":" + port).isFalse();
                }
            }
        }
    }

    @Test
    void kfnLocalBindWidensWhereTheyListen() throws Exception {
        try (LocalRun run =
                LocalRun.start(Path.of("target/e2e-bind-all").toAbsolutePath(), Map.of("KFN_LOCAL_BIND", "0.0.0.0"))) {
            for (int port : ports(run)) {
                for (InetAddress other : otherLocalAddresses()) {
                    assertThat(accepts(other, port)).as(other + ":" + port).isTrue();
                }
            }
        }
    }

    private static List<Integer> ports(LocalRun run) {
        return List.of(
                URI.create(run.gateway()).getPort(),
                URI.create(run.client().getMasterUrl().toString()).getPort());
    }

    private static List<InetAddress> otherLocalAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.2")));
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(addresses::add);
            }
        }
        return addresses;
    }

    private static boolean accepts(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (SocketException e) {
            return false;
        }
    }
}
