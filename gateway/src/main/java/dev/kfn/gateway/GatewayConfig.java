package dev.kfn.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The gateway's settings; environment variables {@code KFN_GATEWAY_X_Y} set {@code kfn.gateway.x-y}. */
@ConfigMapping(prefix = "kfn.gateway")
public interface GatewayConfig {

    /** Where a bare function name ({@code hello}, not {@code team/hello} or an ARN) is looked up. */
    @WithDefault("default")
    String defaultNamespace();

    /**
     * AWS account ids (twelve digits) in ARNs, mapped to namespaces: {@code kfn.gateway.accounts."123456789012"=team-a}.
     * An unmapped account id means {@link #defaultNamespace}; see {@link AccountNamespaces}.
     */
    Map<String, String> accounts();

    /** Region written into ARNs in error messages, as the functions' {@code AWS_REGION}. */
    @WithDefault("us-east-1")
    String region();

    /**
     * How long a synchronous call may wait for an instance beyond the function's timeout: the wait for a
     * reply is timeout + this allowance, and the message expires when the caller stops waiting.
     */
    @WithDefault("30s")
    Duration queueingAllowance();

    /** Seconds a throttled caller is told to wait ({@code Retry-After}). */
    @WithDefault("1")
    int retryAfterSeconds();

    Broker broker();

    Auth auth();

    Http http();

    /**
     * The gateway's own use of its broker connection. Where the broker is and who the gateway is on it are the
     * settings every deployable shares, {@code kfn.broker.*} ({@code BrokerSettings}).
     */
    interface Broker {

        /** Channels publishing in confirm mode; a channel serialises its publishes. */
        @WithDefault("8")
        int publisherChannels();

        /** How long the broker may take to confirm a publish before the caller gets a 503. */
        @WithDefault("10s")
        Duration confirmTimeout();

        /**
         * The longest wait between attempts to reconnect; the first wait is {@code kfn.broker.recovery-interval},
         * doubled after each failed attempt. Callers get 503 meanwhile, so this bounds how long a gateway can
         * stay away once the broker is back.
         */
        @WithDefault("5s")
        Duration maxReconnectInterval();
    }

    interface Auth {

        /** Off by default for local use; when off, every call is allowed whatever a function asks for. */
        @WithDefault("false")
        boolean enabled();

        /** The policy of a function without a {@code kfn.dev/auth} annotation while auth is enabled. */
        @WithDefault("apiKey")
        String defaultPolicy();
    }

    /** The HTTP APIs of the Functions' {@code http} triggers: how a request names the namespace whose routes answer it. */
    interface Http {

        /** {@code path}: {@code <path-prefix>/<namespace>/<route path>}; {@code host}: {@code Host: <namespace><host-suffix>}. */
        @WithDefault("path")
        NamespaceFrom namespaceFrom();

        /** With {@code path}: what comes before the namespace, such as {@code /apis}; none by default. */
        Optional<String> pathPrefix();

        /** With {@code host}: what follows the namespace in the Host header, such as {@code .api.example.com}. */
        Optional<String> hostSuffix();
    }

    enum NamespaceFrom {
        PATH,
        HOST
    }
}
