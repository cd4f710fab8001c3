package dev.kfn.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The wake-up call: whoever publishes an invocation to a function with no ready instance also
 * publishes a wake, so the step from zero to one never waits for a queue-statistics read. Best
 * effort by design: a lost wake is caught by the autoscaler's periodic read of every queue.
 */
public final class AutoscalerWake {

    /** Fanout exchange: every operator replica hears every wake; the leader acts on it. */
    public static final String EXCHANGE = "kfn.wake";

    private AutoscalerWake() {
    }

    /** The body of a wake: {@code <namespace>/<name>}. */
    public static byte[] body(String namespace, String function) {
        return (namespace + "/" + function).getBytes(StandardCharsets.UTF_8);
    }

    public static Optional<QueueNames> parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new QueueNames(text.substring(0, slash), text.substring(slash + 1)));
    }
}
