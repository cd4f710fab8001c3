package dev.kfn.contract;

/**
 * Where a function URL ({@code http: {url: true}}) lives on the gateway, as the operator writes it into
 * {@code status.url}: every path below it, with any method, is the function's, and the handler sees the path
 * after it as {@code rawPath}, as a Lambda function URL's handler sees the path after its host.
 */
public final class FunctionUrlPath {

    /** The gateway's first path segment for function URLs; never a namespace's HTTP API. */
    public static final String SEGMENT = "urls";

    private FunctionUrlPath() {}

    /** {@code /urls/<namespace>/<name>/}, ending in a slash as a Lambda function URL does. */
    public static String of(FunctionId function) {
        return "/" + SEGMENT + "/" + function.namespace() + "/" + function.name() + "/";
    }
}
