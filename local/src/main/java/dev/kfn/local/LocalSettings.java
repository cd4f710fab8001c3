package dev.kfn.local;

import java.nio.file.Path;
import java.util.Map;

/** Where kfn local finds its parts and the broker, from the environment with local defaults. */
public record LocalSettings(
    Path home,
    Path workDir,
    String namespace,
    int gatewayPort,
    String brokerHost,
    int brokerPort,
    String brokerUsername,
    String brokerPassword,
    String managementUrl) {

    public static LocalSettings from(Map<String, String> env, Path home) {
        return new LocalSettings(
            home,
            Path.of(env.getOrDefault("KFN_LOCAL_DIR", ".kfn")).toAbsolutePath(),
            env.getOrDefault("KFN_LOCAL_NAMESPACE", "default"),
            Integer.parseInt(env.getOrDefault("KFN_GATEWAY_PORT", "8080")),
            env.getOrDefault("KFN_BROKER_HOST", "localhost"),
            Integer.parseInt(env.getOrDefault("KFN_BROKER_PORT", "5672")),
            env.getOrDefault("KFN_BROKER_USERNAME", "guest"),
            env.getOrDefault("KFN_BROKER_PASSWORD", "guest"),
            env.getOrDefault("KFN_BROKER_MANAGEMENT_URL", "http://localhost:15672"));
    }

    public Path operatorJar() {
        return home.resolve("operator/target/quarkus-app/quarkus-run.jar");
    }

    public Path gatewayJar() {
        return home.resolve("gateway/target/quarkus-app/quarkus-run.jar");
    }

    public Path hostJar() {
        return home.resolve("runtime-image/target/quarkus-app/quarkus-run.jar");
    }

    public String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    /** The broker settings every component reads from its environment. */
    public Map<String, String> brokerEnvironment() {
        return Map.of(
            "KFN_BROKER_HOST", brokerHost,
            "KFN_BROKER_PORT", Integer.toString(brokerPort),
            "KFN_BROKER_USERNAME", brokerUsername,
            "KFN_BROKER_PASSWORD", brokerPassword,
            "KFN_BROKER_MANAGEMENT_URL", managementUrl);
    }
}
