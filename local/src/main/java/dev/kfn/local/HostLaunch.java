package dev.kfn.local;

import dev.kfn.api.HostEnvironment;
import dev.kfn.api.HostJvm;
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

    private HostLaunch() {
    }

    /** The container command, with the image's java and host jar replaced by this machine's. */
    public static List<String> command(Container container, Path hostJar, String javaBinary) {
        List<String> command = new ArrayList<>();
        for (String part : container.getCommand()) {
            if (command.isEmpty() && part.equals("java")) {
                command.add(javaBinary);
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

    /** The resolved pod environment plus what a pod has to itself: ports and a task root. */
    public static Map<String, String> environment(Map<String, String> podEnv, int httpPort, int runtimeApiPort, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>(podEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("KFN_RUNTIME_API_PORT", Integer.toString(runtimeApiPort));
        env.put("KFN_TASK_ROOT", taskRoot.toString());
        env.put(HostEnvironment.LAMBDA_TASK_ROOT, taskRoot.toString());
        return env;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
