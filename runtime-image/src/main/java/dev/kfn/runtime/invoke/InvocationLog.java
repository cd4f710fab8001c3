package dev.kfn.runtime.invoke;

import dev.kfn.contract.FunctionVersion;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Lambda's platform lines around every invocation that runs, written to the instance's output as Lambda writes them
 * to the log stream: {@code START}, {@code END} and {@code REPORT} (duration, billed duration in whole ms, memory
 * size, peak memory, and the init duration on a cold start), tab-separated as Lambda's.
 */
public final class InvocationLog {

    private final PrintStream out;
    private final int memoryMib;
    private final Duration init;
    private final PeakMemory peak = new PeakMemory();

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
        String end = endLine(requestId);
        String report = reportLine(requestId, took, memoryMib, peak.mib(), cold ? Optional.of(init) : Optional.empty());
        // one write to the instance's output for both lines
        out.println(end + System.lineSeparator() + report);
        InvocationOutput.appendLine(slot, end);
        InvocationOutput.appendLine(slot, report);
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
        long nanos = took.toNanos();
        StringBuilder line = new StringBuilder("REPORT RequestId: ").append(requestId);
        millis(line.append("\tDuration: "), nanos)
                .append(" ms\tBilled Duration: ")
                .append(Math.max(1, (nanos + 999_999) / 1_000_000))
                .append(" ms\tMemory Size: ")
                .append(memoryMib)
                .append(" MB\tMax Memory Used: ")
                .append(maxMemoryUsedMib)
                .append(" MB");
        init.ifPresent(
                d -> millis(line.append("\tInit Duration: "), d.toNanos()).append(" ms"));
        return line.append('\t').toString();
    }

    /**
     * Milliseconds with two decimals, rounded half up, as {@code %.2f} writes them; without {@code String.format},
     * whose locale look-up per call was a visible share of the host's CPU per warm invocation.
     */
    private static StringBuilder millis(StringBuilder line, long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return line.append(hundredths / 100)
                .append('.')
                .append(fraction < 10 ? "0" : "")
                .append(fraction);
    }
}
