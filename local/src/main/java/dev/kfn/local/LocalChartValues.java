package dev.kfn.local;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.broker.BrokerSettings;
import java.util.List;
import java.util.Map;

/**
 * The values kfn local installs the chart with: the machine's broker, one replica of each component, and the few
 * settings a single machine differs in from a cluster. Everything else (names, RBAC, Secrets, environment) is the
 * chart's own, so every run of kfn local exercises what a cluster install writes.
 */
final class LocalChartValues {

    static final String RELEASE = "kfn";
    static final String NAMESPACE = "kfn-system";
    /** The identity key's Secret, written by kfn local from the key it keeps on disk rather than made by the operator. */
    static final String IDENTITY_KEY_SECRET = "kfn-local-identity-key";

    private LocalChartValues() {}

    static Map<String, Object> of(LocalSettings settings) {
        BrokerSettings broker = settings.broker();
        return Map.of(
                "broker",
                Map.of(
                        "host", broker.host(),
                        "port", broker.port(),
                        "vhost", broker.vhost(),
                        "managementUrl", broker.managementUrl(),
                        // one local node: replicated queues buy nothing and cost memory
                        "asyncQueueType", "classic",
                        "username", broker.username(),
                        "password", broker.password()),
                "operator",
                Map.of(
                        // one process: nothing to elect
                        "leaderElection",
                        false,
                        "identityKeySecret",
                        IDENTITY_KEY_SECRET,
                        "extraEnv",
                        List.of(
                                // the embedded API answers neither server-side apply creates nor status applies
                                env("KFN_SERVER_SIDE_APPLY", "false"),
                                // a handful of local queues: list them every second
                                env("KFN_AUTOSCALER_LISTING_INTERVAL", "1s"),
                                env(HostEnvironment.CODE_ALLOW_HTTP, Boolean.toString(settings.codeAllowHttp())))),
                "gateway",
                Map.of(
                        "replicas",
                        1,
                        "url",
                        settings.gatewayUrl(),
                        // kfn local takes any call with no login, as its API takes any write
                        "auth",
                        false,
                        "extraEnv",
                        List.of(
                                env("KFN_GATEWAY_DEFAULT_NAMESPACE", settings.namespace()),
                                env("QUARKUS_HTTP_HOST", settings.bind()))));
    }

    private static Map<String, String> env(String name, String value) {
        return Map.of("name", name, "value", value);
    }
}
