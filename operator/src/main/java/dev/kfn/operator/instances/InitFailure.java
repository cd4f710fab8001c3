package dev.kfn.operator.instances;

/** One instance of a function whose handler failed its init: the pod and the host's {@code <type>: <message>}. */
public record InitFailure(String pod, String error) {

    /** How the condition's message names it. */
    public String describe() {
        return "instance " + pod + " failed its init: " + error;
    }
}
