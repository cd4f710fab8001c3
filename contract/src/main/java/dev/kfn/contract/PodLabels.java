package dev.kfn.contract;

/** The label the operator puts on a function's pods, by which the CLI (as {@code kubectl -l}) finds them. */
public final class PodLabels {

    /** Its value is the Function's name; the namespace is the pod's own. */
    public static final String FUNCTION = "kfn.dev/function";

    private PodLabels() {}
}
