package dev.kfn.runtime.invoke;

import java.nio.charset.StandardCharsets;

/**
 * What running one invocation produced: the response payload, or the error JSON Lambda would return
 * (then {@link #errorType()} is set; {@link #timedOut()} marks {@code Sandbox.Timedout}).
 */
public record Outcome(byte[] payload, String errorType, boolean timedOut) {

    public static final String TIMED_OUT = "Sandbox.Timedout";

    public static Outcome success(byte[] payload) {
        return new Outcome(payload, null, false);
    }

    public static Outcome error(ErrorBody error) {
        return new Outcome(error.json(), error.errorType(), TIMED_OUT.equals(error.errorType()));
    }

    /** An error whose JSON body came from elsewhere (a runtime's error post). */
    public static Outcome error(String errorType, byte[] json) {
        return new Outcome(json, errorType, TIMED_OUT.equals(errorType));
    }

    public static Outcome timeout(String requestId, long timeoutMillis) {
        String message = String.format(
                java.util.Locale.ROOT,
                "RequestId: %s Error: Task timed out after %.2f seconds",
                requestId,
                timeoutMillis / 1000.0);
        return error(new ErrorBody(TIMED_OUT, message, java.util.List.of()));
    }

    public boolean failed() {
        return errorType != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
