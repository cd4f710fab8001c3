package dev.kfn.runtime.invoke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host process's peak resident memory (Linux's {@code VmHWM}), the nearest the host can see of Lambda's sandbox
 * figure for {@code Max Memory Used}; the heap in use where there is no {@code /proc}.
 *
 * <p>Read at most every {@link #REFRESH_NANOS}: reading and parsing {@code /proc/self/status} for every invocation was
 * the largest item of the host's own code in a profile of warm calls (6 % of its samples at 64 callers). A peak only
 * grows, so a report may show the peak of up to that long ago, never more than the process used.
 */
final class PeakMemory {

    static final long REFRESH_NANOS = 100_000_000L;
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String FIELD = "VmHWM:";

    private volatile long mib = -1;
    private volatile long readAt;

    long mib() {
        long now = System.nanoTime();
        long known = mib;
        if (known < 0 || now - readAt >= REFRESH_NANOS) {
            known = read();
            mib = known;
            readAt = now;
        }
        return known;
    }

    private static long read() {
        try {
            String status = new String(Files.readAllBytes(STATUS), StandardCharsets.US_ASCII);
            int at = status.indexOf(FIELD);
            if (at >= 0) {
                return kib(status, at + FIELD.length()) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // below
        }
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }

    /** The number after {@code from}: {@code VmHWM:    91234 kB}. */
    private static long kib(String status, int from) {
        int start = from;
        while (start < status.length() && !Character.isDigit(status.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < status.length() && Character.isDigit(status.charAt(end))) {
            end++;
        }
        return Long.parseLong(status.substring(start, end));
    }
}
