package dev.kfn.contract.broker;

import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a kfn process reaches RabbitMQ: the one settings shape of every deployable, {@code kfn.broker.*} in
 * configuration and {@code KFN_BROKER_*} in the environment (Quarkus reads one as the other).
 */
public record BrokerSettings(
        String host,
        int port,
        String vhost,
        String username,
        String password,
        String managementUrl,
        Duration connectTimeout,
        Duration recoveryInterval) {

    public static final String HOST = "KFN_BROKER_HOST";
    public static final String PORT = "KFN_BROKER_PORT";
    public static final String VHOST = "KFN_BROKER_VHOST";
    public static final String USERNAME = "KFN_BROKER_USERNAME";
    public static final String PASSWORD = "KFN_BROKER_PASSWORD";
    public static final String MANAGEMENT_URL = "KFN_BROKER_MANAGEMENT_URL";
    public static final String CONNECT_TIMEOUT = "KFN_BROKER_CONNECT_TIMEOUT";
    public static final String RECOVERY_INTERVAL = "KFN_BROKER_RECOVERY_INTERVAL";

    /** Heartbeats find a dead connection (a broker gone without closing TCP) within about two intervals. */
    private static final int HEARTBEAT_SECONDS = 10;

    private static final Pattern SIMPLE_DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");

    public static BrokerSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /** From {@code KFN_BROKER_*} variables; what is unset takes the default of a local RabbitMQ. */
    public static BrokerSettings fromEnvironment(Map<String, String> env) {
        return read(name -> Optional.ofNullable(env.get(name)));
    }

    /**
     * From configuration keys {@code kfn.broker.host}, {@code kfn.broker.management-url}, …, for example
     * {@code key -> ConfigProvider.getConfig().getOptionalValue(key, String.class)}.
     */
    public static BrokerSettings fromConfig(Function<String, Optional<String>> config) {
        return read(name -> config.apply(configKey(name)));
    }

    /** {@code KFN_BROKER_MANAGEMENT_URL} → {@code kfn.broker.management-url}. */
    static String configKey(String variable) {
        String rest = variable.substring("KFN_BROKER_".length()).toLowerCase().replace('_', '-');
        return "kfn.broker." + rest;
    }

    private static BrokerSettings read(Function<String, Optional<String>> value) {
        String host = value.apply(HOST).orElse("localhost");
        return new BrokerSettings(
                host,
                value.apply(PORT).map(Integer::parseInt).orElse(5672),
                value.apply(VHOST).orElse("/"),
                value.apply(USERNAME).orElse("guest"),
                value.apply(PASSWORD).orElse("guest"),
                value.apply(MANAGEMENT_URL).orElse("http://" + host + ":15672").replaceAll("/+$", ""),
                value.apply(CONNECT_TIMEOUT).map(BrokerSettings::duration).orElse(Duration.ofSeconds(2)),
                value.apply(RECOVERY_INTERVAL).map(BrokerSettings::duration).orElse(Duration.ofSeconds(1)));
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m}, as kfn writes durations everywhere, or ISO-8601 ({@code PT2S}) as Quarkus also reads. */
    static Duration duration(String text) {
        Matcher simple = SIMPLE_DURATION.matcher(text.trim());
        if (!simple.matches()) {
            return Duration.parse(text.trim());
        }
        long amount = Long.parseLong(simple.group(1));
        return switch (simple.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The variables that give a process these settings. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(HOST, host);
        env.put(PORT, Integer.toString(port));
        env.put(VHOST, vhost);
        env.put(USERNAME, username);
        env.put(PASSWORD, password);
        env.put(MANAGEMENT_URL, managementUrl);
        return env;
    }

    public BrokerSettings withCredentials(String user, String secret) {
        return new BrokerSettings(host, port, vhost, user, secret, managementUrl, connectTimeout, recoveryInterval);
    }

    public BrokerSettings withPort(int amqpPort, String management) {
        return new BrokerSettings(
                host, amqpPort, vhost, username, password, management, connectTimeout, recoveryInterval);
    }

    /**
     * The one connection factory of kfn: automatic connection and topology recovery every
     * {@link #recoveryInterval()}, heartbeats, the connect timeout. A process that rebuilds its own state after a
     * loss turns recovery off on the factory it gets.
     */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(vhost);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setConnectionTimeout((int) connectTimeout.toMillis());
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
        return factory;
    }

    @Override
    public String toString() {
        return username + "@" + host + ":" + port + vhost;
    }
}
