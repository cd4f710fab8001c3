package dev.kfn.contract;

/**
 * The environment the operator gives every runtime host: the contract between the pod template
 * and the host's configuration (Quarkus reads {@code KFN_X_Y} as {@code kfn.x-y}). Queue names are
 * not passed: the host derives them from namespace and name with {@link QueueNames}; the broker settings are
 * {@link dev.kfn.contract.broker.BrokerSettings}' variables, as for every deployable.
 */
public final class HostEnvironment {

    public static final String FUNCTION_NAMESPACE = "KFN_FUNCTION_NAMESPACE";
    public static final String FUNCTION_NAME = "KFN_FUNCTION_NAME";
    /** {@code java} or {@code provided}. */
    public static final String RUNTIME = "KFN_RUNTIME";

    public static final String HANDLER = "KFN_HANDLER";
    /** Set only for {@code code.url} functions: the archive the host fetches into {@link #TASK_ROOT} before init. */
    public static final String CODE_URL = "KFN_CODE_URL";
    /** {@code code.sha256}: the hex SHA-256 the fetched archive must have; the host refuses any other. */
    public static final String CODE_SHA256 = "KFN_CODE_SHA256";
    /** {@code true} only when the operator allows {@code http://} code URLs; otherwise the host fetches https only. */
    public static final String CODE_ALLOW_HTTP = "KFN_CODE_ALLOW_HTTP";

    public static final String TIMEOUT_MILLIS = "KFN_TIMEOUT_MILLIS";
    /** For {@code provided}: the bootstrap's command and arguments, comma-separated (commas inside escaped as \,). */
    public static final String BOOTSTRAP_COMMAND = "KFN_BOOTSTRAP_COMMAND";
    /** Invocations one instance runs at once. */
    public static final String CONCURRENCY = "KFN_CONCURRENCY";

    public static final String MEMORY_MIB = "KFN_MEMORY_MIB";
    public static final String MAX_RETRIES = "KFN_MAX_RETRIES";
    public static final String MAX_EVENT_AGE_SECONDS = "KFN_MAX_EVENT_AGE_SECONDS";
    /** A destination as {@code function:<namespace>/<name>}, {@code queue:<name>} or {@code topic:<name>}. */
    public static final String ON_SUCCESS = "KFN_ON_SUCCESS";

    public static final String ON_FAILURE = "KFN_ON_FAILURE";

    /** Lambda's own variables, so that Lambda code and runtime clients find what they expect. */
    public static final String LAMBDA_HANDLER = "_HANDLER";

    public static final String LAMBDA_TASK_ROOT = "LAMBDA_TASK_ROOT";
    public static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    public static final String LAMBDA_FUNCTION_MEMORY_SIZE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public static final String LAMBDA_FUNCTION_VERSION = "AWS_LAMBDA_FUNCTION_VERSION";
    public static final String LAMBDA_LOG_GROUP_NAME = "AWS_LAMBDA_LOG_GROUP_NAME";
    public static final String LAMBDA_LOG_STREAM_NAME = "AWS_LAMBDA_LOG_STREAM_NAME";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String TZ = "TZ";

    /** Where function code lives in every instance, as in Lambda. */
    public static final String TASK_ROOT = "/var/task";
    /** The port of the host's health and metrics endpoints. */
    public static final int HTTP_PORT = 8080;

    public static final String READINESS_PATH = "/q/health/ready";
    /**
     * In the readiness answer of a host whose handler failed its init: the check's {@code data} entry holding
     * {@code <errorType>: <errorMessage>}, which the operator reads into the function's {@code InstancesReady}.
     */
    public static final String INIT_ERROR_DATA = "initError";

    public static final String LIVENESS_PATH = "/q/health/live";
    public static final String METRICS_PATH = "/q/metrics";

    private HostEnvironment() {}

    /** Names a user may not set in {@code spec.env}: kfn's own and Lambda's reserved ones. */
    public static boolean isReserved(String name) {
        return name.startsWith("KFN_")
                || name.startsWith("AWS_LAMBDA_")
                || name.startsWith("_")
                || name.equals(LAMBDA_TASK_ROOT)
                || name.equals(AWS_REGION);
    }
}
