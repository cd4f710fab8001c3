package dev.kfn.contract;

/** kfn runs one version of a function, the one its manifest describes: Lambda's unpublished version. */
public final class FunctionVersion {

    public static final String LATEST = "$LATEST";

    private FunctionVersion() {}
}
