package dev.kfn.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The gateway's settings; environment variables {@code KFN_GATEWAY_X_Y} set {@code kfn.gateway.x-y}. */
@ConfigMapping(prefix = "kfn.gateway")
public interface GatewayConfig {

    /** Where a bare function name ({@code hello}, not {@code team/hello} or an ARN) is looked up. */
    @WithDefault("default")
    String defaultNamespace();

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

    interface Broker {

        @WithDefault("localhost")
        String host();

        @WithDefault("5672")
        int port();

        @WithDefault("/")
        String vhost();

        @WithDefault("guest")
        String username();

        @WithDefault("guest")
        String password();

        /** Channels publishing in confirm mode; a channel serialises its publishes. */
        @WithDefault("8")
        int publisherChannels();

        /** How long the broker may take to confirm a publish before the caller gets a 503. */
        @WithDefault("10s")
        Duration confirmTimeout();

        /** Pause between attempts to reconnect after the broker was lost; callers get 503 meanwhile. */
        @WithDefault("1s")
        Duration reconnectInterval();

        @WithDefault("2s")
        Duration connectTimeout();
    }

    interface Auth {

        /** Off by default for local use; when off, every call is allowed whatever a function asks for. */
        @WithDefault("false")
        boolean enabled();

        /** The policy of a function without a {@code kfn.dev/auth} annotation while auth is enabled. */
        @WithDefault("apiKey")
        String defaultPolicy();
    }
}
