package dev.kfn.local;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.HostJvm;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a function pod's container into a local process: the same command and environment the
 * operator wrote, with the image's paths mapped onto this checkout and ports of its own (many
 * instances share one machine).
 */
public final class HostLaunch {

    private static final int LOW = 20000;
    private static final int HIGH = 32000;
    private static final java.util.Random RANDOM = new java.util.Random();

    private HostLaunch() {}

    /**
     * The container command, with the image's java and host jar replaced by this machine's, the image's AOT cache
     * left out, and {@code jvmOptions} (this machine's class cache of the host) before the container's own.
     */
    public static List<String> command(Container container, Path hostJar, String javaBinary, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        for (String part : container.getCommand()) {
            if (command.isEmpty() && part.equals("java")) {
                command.add(javaBinary);
                command.addAll(jvmOptions);
            } else if (part.equals(HostJvm.aotCacheOption())) {
                // the image's cache fits the image's JVM only; this machine's is in jvmOptions once trained
                continue;
            } else if (part.equals(HostJvm.JAR)) {
                command.add(hostJar.toString());
            } else {
                command.add(part);
            }
        }
        if (container.getArgs() != null) {
            command.addAll(container.getArgs());
        }
        return command;
    }

    /**
     * The resolved pod environment plus what a pod has to itself: an HTTP port, a task root, and
     * Runtime API ports the host picks itself (0), one per bootstrap slot.
     */
    public static Map<String, String> environment(Map<String, String> podEnv, int httpPort, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>(podEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        // only the gateway is served beyond this machine, and only when asked (KFN_LOCAL_BIND)
        env.put("QUARKUS_HTTP_HOST", LocalSettings.LOOPBACK);
        env.put("KFN_RUNTIME_API_PORT", "0");
        env.put("KFN_TASK_ROOT", taskRoot.toString());
        env.put(HostEnvironment.LAMBDA_TASK_ROOT, taskRoot.toString());
        return env;
    }

    /**
     * A port free now, below Linux's ephemeral range: a port the kernel handed out for bind(0) can be
     * taken by any outgoing connection (to the broker, say) before the process that should listen on it starts.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = LOW + RANDOM.nextInt(HIGH - LOW);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }
}
