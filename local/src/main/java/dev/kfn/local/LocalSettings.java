package dev.kfn.local;

import dev.kfn.contract.broker.BrokerSettings;
import java.nio.file.Path;
import java.util.Map;

/** Where kfn local finds its parts and the broker, from the environment with local defaults. */
public record LocalSettings(Path home, Path workDir, String namespace, int gatewayPort, BrokerSettings broker) {

    public static LocalSettings from(Map<String, String> env, Path home) {
        return new LocalSettings(
                home,
                Path.of(env.getOrDefault("KFN_LOCAL_DIR", ".kfn")).toAbsolutePath(),
                env.getOrDefault("KFN_LOCAL_NAMESPACE", "default"),
                Integer.parseInt(env.getOrDefault("KFN_GATEWAY_PORT", "8080")),
                BrokerSettings.fromEnvironment(env));
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
}
