package dev.kfn.operator.instances;

/** One instance of a function that cannot serve: the pod, how it fails, and the detail its host or kubelet gives. */
public record InstanceFailure(String pod, Kind kind, String detail) {

    public enum Kind {
        /** The handler failed its init; the detail is the host's {@code <type>: <message>}. */
        INIT_ERROR,
        /** The container keeps exiting and the kubelet backs off restarting it. */
        CRASH_LOOP
    }

    /** How the condition's message names it. */
    public String describe() {
        return switch (kind) {
            case INIT_ERROR -> "instance " + pod + " failed its init: " + detail;
            case CRASH_LOOP -> "instance " + pod + " is crash-looping: " + detail;
        };
    }
}
