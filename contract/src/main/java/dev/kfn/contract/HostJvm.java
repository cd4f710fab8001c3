package dev.kfn.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The runtime host's JVM flags, sized from the function's memory: the operator writes them into the
 * container command, the image's default command uses those of a 128 MiB java function, and tests
 * start hosts with them. In small functions the JVM's own default sizing leaves the container too
 * little headroom; measured numbers are in docs/performance.md.
 */
public final class HostJvm {

    /** Where the runtime image keeps the host. */
    public static final String JAR = "/opt/kfn/host/quarkus-run.jar";

    /**
     * The runtime image's AOT cache of the host (JDK 25, JEP 483/514/515), trained by the image's own JVM when the
     * image is built; a JVM that finds it unusable says so and starts without it.
     */
    public static final String AOT_CACHE = "/opt/kfn/host/app.aot";

    private HostJvm() {}

    /** The option that starts a JVM from the image's AOT cache. */
    public static String aotCacheOption() {
        return "-XX:AOTCache=" + AOT_CACHE;
    }

    /**
     * A {@code provided} function's memory belongs to its bootstrap process, so its host always gets the
     * small JVM; a {@code java} function's handler shares the host's heap, which grows with memory.
     */
    public static List<String> options(int memoryMib, Runtime runtime) {
        List<String> options = new ArrayList<>();
        options.add("-XX:+ExitOnOutOfMemoryError");
        if (runtime == Runtime.PROVIDED || memoryMib < 512) {
            int heap = runtime == Runtime.PROVIDED ? 48 : Math.max(48, memoryMib * 3 / 8);
            options.addAll(List.of(
                    "-Xmx" + heap + "m",
                    "-Xss256k",
                    "-XX:+UseSerialGC",
                    "-XX:MaxMetaspaceSize=64m",
                    "-XX:ReservedCodeCacheSize=32m",
                    "-XX:TieredStopAtLevel=1"));
        } else if (memoryMib < 2048) {
            options.addAll(List.of("-Xmx" + memoryMib * 3 / 5 + "m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=128m"));
        } else {
            options.addAll(List.of("-Xmx" + memoryMib * 7 / 10 + "m", "-XX:+UseG1GC"));
        }
        return options;
    }

    /** The container command of a host: the image's java, its AOT cache, the flags for the memory, the host. */
    public static List<String> command(int memoryMib, Runtime runtime) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.add(aotCacheOption());
        command.addAll(options(memoryMib, runtime));
        command.add("-jar");
        command.add(JAR);
        return command;
    }
}
