package dev.kfn.contract;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The wake-up call: whoever publishes an invocation to a function with no ready instance also publishes a wake
 * on {@link Exchange#WAKE}, so the step from zero to one never waits for a queue-statistics read. Best effort by
 * design: a lost wake is caught by the autoscaler's periodic read of every queue. The body is {@code <namespace>/<name>}.
 */
public final class WakeMessage {

    private WakeMessage() {}

    public static byte[] encode(FunctionId function) {
        return function.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Optional<FunctionId> decode(byte[] body) {
        return FunctionId.parse(new String(body, StandardCharsets.UTF_8));
    }
}
