package dev.kfn.gateway.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.concurrent.CompletableFuture;

/**
 * A channel the broker closes (a channel-level error) is never reopened on its own: publishes on it would fail
 * and replies for it would stop. Aborting the connection instead fails its callers at once and lets
 * {@link BrokerLink} open a whole new session.
 */
final class ChannelFailure {

    private ChannelFailure() {}

    static void closesConnection(Channel channel) {
        channel.addShutdownListener(cause -> {
            if (!cause.isHardError() && !cause.isInitiatedByApplication()) {
                abort(channel.getConnection());
            }
        });
    }

    /** Off the connection's own thread, which is the one that reports channel failures. */
    static void abort(Connection connection) {
        CompletableFuture.runAsync(connection::abort);
    }
}
