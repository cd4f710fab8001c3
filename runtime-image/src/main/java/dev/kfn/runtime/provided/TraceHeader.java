package dev.kfn.runtime.provided;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** W3C {@code traceparent} as the X-Ray trace header Lambda runtimes read from {@code Lambda-Runtime-Trace-Id}. */
final class TraceHeader {

    private static final Pattern TRACEPARENT =
            Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{8})([0-9a-f]{24})-([0-9a-f]{16})-([0-9a-f]{2})$");

    private TraceHeader() {}

    static Optional<String> fromTraceparent(String traceparent) {
        Matcher m = TRACEPARENT.matcher(traceparent.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean sampled = (Integer.parseInt(m.group(4), 16) & 1) == 1;
        return Optional.of(
                "Root=1-" + m.group(1) + "-" + m.group(2) + ";Parent=" + m.group(3) + ";Sampled=" + (sampled ? 1 : 0));
    }
}
