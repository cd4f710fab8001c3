package dev.kfn.runtime.invoke;

import dev.kfn.contract.FunctionVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Lambda's platform lines around every invocation that runs, written to the instance's output as Lambda writes them
 * to the log stream: {@code START}, {@code END} and {@code REPORT} (duration, billed duration in whole ms, memory
 * size, peak memory, and the init duration on a cold start), tab-separated as Lambda's.
 */
public final class InvocationLog {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final PrintStream out;
    private final int memoryMib;
    private final Duration init;

    /** {@code init}: how long the instance's init took, reported with its first invocation. */
    public InvocationLog(PrintStream out, int memoryMib, Duration init) {
        this.out = out;
        this.memoryMib = memoryMib;
        this.init = init;
    }

    public void start(String requestId, int slot) {
        write(slot, startLine(requestId));
    }

    /** {@code cold}: the instance's first invocation, whose report carries the init duration. */
    public void end(String requestId, int slot, Duration took, boolean cold) {
        write(slot, endLine(requestId));
        write(
                slot,
                reportLine(
                        requestId, took, memoryMib, maxMemoryUsedMib(), cold ? Optional.of(init) : Optional.empty()));
    }

    /** To the instance's output, and to the slot's log tail when its call asked for one. */
    private void write(int slot, String line) {
        out.println(line);
        InvocationOutput.appendLine(slot, line);
    }

    static String startLine(String requestId) {
        return "START RequestId: " + requestId + " Version: " + FunctionVersion.LATEST;
    }

    static String endLine(String requestId) {
        return "END RequestId: " + requestId;
    }

    static String reportLine(
            String requestId, Duration took, int memoryMib, long maxMemoryUsedMib, Optional<Duration> init) {
        double millis = took.toNanos() / 1e6;
        StringBuilder line = new StringBuilder("REPORT RequestId: ")
                .append(requestId)
                .append(String.format(Locale.ROOT, "\tDuration: %.2f ms", millis))
                .append("\tBilled Duration: ")
                .append((long) Math.max(1, Math.ceil(millis)))
                .append(" ms\tMemory Size: ")
                .append(memoryMib)
                .append(" MB\tMax Memory Used: ")
                .append(maxMemoryUsedMib)
                .append(" MB");
        init.ifPresent(d -> line.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", d.toNanos() / 1e6)));
        return line.append('\t').toString();
    }

    /**
     * The host process's peak resident memory (Linux's {@code VmHWM}), the nearest the host can see of Lambda's
     * sandbox figure; the heap in use where there is no {@code /proc}.
     */
    private static long maxMemoryUsedMib() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // below
        }
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
