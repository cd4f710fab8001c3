package dev.kfn.operator;

import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.broker.BrokerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Operator configuration; every key can be set as an environment variable (KFN_GATEWAY_URL = kfn.gateway-url). */
@ConfigMapping(prefix = "kfn")
public interface KfnConfig {

    /** The stock runtime host image, used for functions whose code is a {@code code.url}. */
    @WithDefault("ghcr.io/kfn-dev/runtime-host:0.1.0")
    String runtimeImage();

    /** Lambda's ratio: one vCPU per this many MiB of memory. */
    @WithDefault("1769")
    int mebibytesPerVcpu();

    @WithDefault("6000")
    int maxCpuMillicores();

    /**
     * The lowest CPU limit of an instance. CPU requests follow memory exactly (scheduling and metering
     * as Lambda), but a limit that low starves the JVM's start: a 128Mi function's 73m makes a cold
     * start last tens of seconds (docs/performance.md), where Lambda bursts CPU during init. 0 sets
     * limit = request (Guaranteed QoS) at that price.
     */
    @WithDefault("1000")
    int minCpuLimitMillicores();

    /**
     * Memory added to a provided function's pod for the runtime host beside its bootstrap, so the
     * bootstrap keeps the memory the spec gives it, as on Lambda (host RSS measured ≈ 90 MiB).
     */
    @WithDefault("96")
    int providedHostMemoryMib();

    /** Added to a function's timeout for its pods' termination grace: time to hand back unstarted work. */
    @WithDefault("10s")
    Duration drainMargin();

    /** The region Lambda code sees in AWS_REGION; some SDK clients refuse to start without one. */
    @WithDefault("us-east-1")
    String region();

    /** Base URL of the gateway, for each function's status.endpoint. */
    @WithDefault("http://kfn-gateway.kfn-system.svc")
    String gatewayUrl();

    Broker broker();

    /**
     * Bound on invocations waiting in each queue of a function that sets no {@code concurrency.maxQueued}, so that
     * no function's backlog can fill the broker's memory for everyone.
     */
    @WithDefault("10000")
    int defaultMaxQueued();

    Destinations destinations();

    Code code();

    Tmp tmp();

    Autoscaler autoscaler();

    Schedules schedules();

    ClusterEvents clusterEvents();

    QueueTriggers queueTriggers();

    /** The namespace the operator runs in, where its identity key Secret lives. */
    Optional<String> operatorNamespace();

    /** Namespace of the lease that lets one operator replica act at a time; unset runs without leader election. */
    Optional<String> leaderElectionNamespace();

    /** Server-side apply for dependents and status; off only against API servers without it (the test mock). */
    @WithDefault("true")
    boolean serverSideApply();

    interface Autoscaler {
        @WithDefault("true")
        boolean enabled();

        /** How often every function with instances has its queues read exactly and its size decided. */
        @WithDefault("500ms")
        Duration tick();

        /**
         * How often the management API's listing of every queue is read: unacknowledged counts for all
         * functions, and ready counts for functions at zero whose publisher sent no wake.
         */
        @WithDefault("5s")
        Duration listingInterval();

        /** Instances of one function when it reserves no concurrency. */
        @WithDefault("200")
        int maxInstances();
    }

    interface Destinations {
        /** Whether a destination may be a function of another namespace. */
        @WithDefault("false")
        boolean allowOtherNamespaces();
    }

    interface Code {
        /** Whether a code.url may be plain http:// (code that can be changed on the way); https:// otherwise. */
        @WithDefault("false")
        boolean allowHttp();
    }

    interface Tmp {
        /** The largest /tmp kept in memory (charged to the instance's memory limit); larger ones go to a volume. */
        @WithDefault("512Mi")
        String memoryMax();

        /** The storage class of a /tmp above memoryMax (a generic ephemeral volume); unset: the node's disk. */
        Optional<String> storageClass();
    }

    interface Schedules {
        @WithDefault("true")
        boolean enabled();

        /** How often the leader looks for due schedule triggers; EventBridge's own precision is a minute. */
        @WithDefault("1s")
        Duration tick();
    }

    interface QueueTriggers {
        /** How often a Function whose queue trigger names a queue the broker does not have looks again. */
        @WithDefault("30s")
        Duration recheck();
    }

    interface ClusterEvents {
        @WithDefault("true")
        boolean enabled();

        /** How often the leader starts and stops watches as Functions change, and retries what waits. */
        @WithDefault("1s")
        Duration tick();

        /** How long a watch the API server refused waits before it is tried again. */
        @WithDefault("30s")
        Duration retryAfter();

        /** How often the watches' positions are written, at most: a change delivered again keeps its id. */
        @WithDefault("5s")
        Duration positionsEvery();

        /**
         * Whether a trigger may watch a namespace other than its Function's: off, because a Function would then read
         * the objects of namespaces its authors may not read.
         */
        @WithDefault("false")
        boolean allowOtherNamespaces();
    }

    /**
     * The operator's own choices about the broker. How to reach it ({@code kfn.broker.host}, {@code port},
     * {@code vhost}, {@code username}, {@code password}, {@code management-url}) is {@link BrokerSettings}, the
     * settings shape every kfn deployable shares.
     */
    interface Broker {
        /** {@code quorum} in production (replicated); {@code classic} for a single local broker. */
        @WithDefault(FunctionTopology.Options.DEFAULT_QUEUE_TYPE)
        String asyncQueueType();

        /** Deliveries of one event before a quorum queue dead-letters it: stops a message that kills every host. */
        @WithDefault(FunctionTopology.Options.DEFAULT_DELIVERY_LIMIT)
        int asyncDeliveryLimit();

        /**
         * The key every function's broker password is derived from (HMAC-SHA256 over {@code <namespace>/<name>}), so
         * the operator never stores or reads a password back; changing it changes every password. Given here, or
         * kept in {@link #identityKeySecret()}.
         */
        Optional<String> identityKey();

        /**
         * Without {@link #identityKey()}: the Secret of the operator's namespace ({@code kfn.operator-namespace})
         * holding it under {@code key}, created with a random key on first start. The operator makes it rather than
         * the chart, because a key rendered by Helm would change on every GitOps render, and every password with it.
         */
        Optional<String> identityKeySecret();

        /** Host and port the function pods reach the broker at, when it differs from the operator's view. */
        Optional<String> hostForFunctions();

        Optional<Integer> portForFunctions();
    }
}
