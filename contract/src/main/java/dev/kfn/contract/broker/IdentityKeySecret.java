package dev.kfn.contract.broker;

/**
 * The Secret that holds the key every function's broker password is derived from: the operator reads it (or creates
 * it) in its own namespace, and kfn local writes it from the key it keeps on disk.
 */
public final class IdentityKeySecret {

    /** The Secret's data key. */
    public static final String KEY = "key";

    private IdentityKeySecret() {}
}
