package dev.kfn.api;

/**
 * Lambda's limits and the spec's formats, in one place: the CRD schema annotations and the
 * operator's own validation both read these constants.
 */
public final class Bounds {

    public static final String QUANTITY_PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$";
    /** Go duration strings with integer parts, as Kubernetes tools write them: 30s, 15m, 1h30m, 500ms. */
    public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

    /** A java handler: {@code pkg.Class::method}, or {@code pkg.Class} for a RequestHandler. */
    public static final String HANDLER_PATTERN = "^[A-Za-z_$][A-Za-z0-9_$.]*(::[A-Za-z_$][A-Za-z0-9_$]*)?$";

    /** Who may invoke a function through the gateway when its auth is on. */
    public static final String AUTH_PATTERN = "^(none|apiKey|jwt)$";

    public static final String MEMORY_MIN = "128Mi";
    public static final String MEMORY_MAX = "10Gi";
    public static final String MEMORY_DEFAULT = "128Mi";

    public static final String TIMEOUT_MIN = "1s";
    public static final String TIMEOUT_MAX = "900s";
    public static final String TIMEOUT_DEFAULT = "3s";

    public static final String EPHEMERAL_STORAGE_MIN = "512Mi";
    public static final String EPHEMERAL_STORAGE_MAX = "10Gi";
    public static final String EPHEMERAL_STORAGE_DEFAULT = "512Mi";

    public static final int PER_INSTANCE_MIN = 1;
    public static final int PER_INSTANCE_MAX = 1000;

    public static final String SCALE_TO_ZERO_AFTER_DEFAULT = "60s";
    public static final String SCALE_DOWN_DELAY_DEFAULT = "30s";
    public static final String SCALING_WINDOW_MAX = "24h";

    public static final int MAX_RETRIES_MAX = dev.kfn.contract.QueueNames.RETRY_QUEUES;
    public static final String MAX_EVENT_AGE_MIN = "60s";
    public static final String MAX_EVENT_AGE_MAX = "6h";
    public static final String MAX_EVENT_AGE_DEFAULT = "6h";

    private Bounds() {}
}
