package dev.kfn.contract;

/** The gateway's plain HTTP invoke path of a function, as the operator writes it into {@code status.endpoint}. */
public final class InvokePath {

    /** JAX-RS template of {@link #of(FunctionId)}. */
    public static final String TEMPLATE = "/functions/{namespace}/{name}";

    private InvokePath() {}

    public static String of(FunctionId function) {
        return "/functions/" + function.namespace() + "/" + function.name();
    }
}
