package dev.kfn.operator;

import dev.kfn.contract.HostEnvironment;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Where an instance's host answers HTTP (health, metrics): the pod's IP, at the HTTP port's hostPort when set. */
public final class HostAddress {

    private HostAddress() {}

    /** Empty while the pod has no IP. kfn local's instances share the node's address, so they set a hostPort. */
    public static Optional<URI> of(Pod pod, String path) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isEmpty()) {
            return Optional.empty();
        }
        int port = pod.getSpec().getContainers().stream()
                .filter(c -> FunctionDeployment.CONTAINER.equals(c.getName()))
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .filter(p -> p.getContainerPort() != null && p.getContainerPort() == HostEnvironment.HTTP_PORT)
                .map(ContainerPort::getHostPort)
                .filter(hostPort -> hostPort != null && hostPort > 0)
                .findFirst()
                .orElse(HostEnvironment.HTTP_PORT);
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return Optional.of(URI.create("http://" + host + ":" + port + path));
    }
}
