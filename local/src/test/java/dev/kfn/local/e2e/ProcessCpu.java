package dev.kfn.local.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time the processes of a path spend (each with its descendants), read from Linux's {@code /proc/<pid>/stat} (user plus system time, in
 * clock ticks of 10 ms), so a gap to a floor can be traced to the process that spends it.
 */
final class ProcessCpu {

    /** {@code getconf CLK_TCK} on Linux's every common architecture. */
    private static final double MS_PER_TICK = 10.0;

    private final Map<String, List<Long>> processes;

    /** @param processes a name for each group of processes, such as "host" for every instance of a function */
    ProcessCpu(Map<String, List<Long>> processes) {
        this.processes = processes;
    }

    /** The CPU milliseconds each group has spent so far. */
    Map<String, Double> read() {
        Map<String, Double> spent = new LinkedHashMap<>();
        // with its descendants: an instance runs under a launcher (its own mount namespace), as a pod's does
        processes.forEach((name, pids) -> spent.put(
                name,
                pids.stream()
                                .flatMap(pid -> ProcessHandle.of(pid).stream()
                                        .flatMap(p -> Stream.concat(Stream.of(p), p.descendants())))
                                .mapToLong(p -> ticks(p.pid()))
                                .sum()
                        * MS_PER_TICK));
        return spent;
    }

    /** Per call, from two readings around {@code calls} calls. */
    static Map<String, Double> perCall(Map<String, Double> before, Map<String, Double> after, long calls) {
        Map<String, Double> perCall = new LinkedHashMap<>();
        after.forEach((name, ms) -> perCall.put(name, calls == 0 ? Double.NaN : (ms - before.get(name)) / calls));
        return perCall;
    }

    /** utime + stime: the 14th and 15th fields, counted after the command name, which may hold spaces. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long ticks(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            // the process went; what it spent is no longer counted
            return 0;
        }
    }
}
