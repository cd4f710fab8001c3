package dev.kfn.contract;

/**
 * The labels that name a function on its series ({@link KfnMetric}), defined once: the runtime host, the gateway
 * and the operator tag with them, and the chart's alert rules and dashboard group and filter by them.
 */
public final class MetricLabels {

    /**
     * The function's Kubernetes namespace. Not {@code namespace}: Prometheus gives that label to every target (the
     * gateway's and the operator's pods live in kfn's namespace) and would rename the function's to
     * {@code exported_namespace}, unless scraped with {@code honor_labels}, which lets targets overwrite any label.
     * As Knative's {@code namespace_name}, a name of its own needs neither.
     */
    public static final String FUNCTION_NAMESPACE = "function_namespace";

    /** The function's name, unique within its namespace. */
    public static final String FUNCTION = "function";

    private MetricLabels() {}

    /** A function's labels as alternating keys and values, the form Micrometer's {@code Tags.of} takes. */
    public static String[] of(FunctionId id) {
        return new String[] {FUNCTION_NAMESPACE, id.namespace(), FUNCTION, id.name()};
    }
}
