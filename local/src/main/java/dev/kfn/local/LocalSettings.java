package dev.kfn.local;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.broker.BrokerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where kfn local finds its parts and the broker, from the environment with local defaults. */
public record LocalSettings(
        Path home,
        Path workDir,
        String namespace,
        String bind,
        int gatewayPort,
        boolean codeAllowHttp,
        BrokerSettings broker,
        HostJdk hostJdk,
        boolean hostClassCache,
        Path hostCacheDir) {

    /** Loopback unless asked: kfn local's API takes any write and its gateway any call, with no login. */
    public static final String LOOPBACK = "127.0.0.1";

    public static LocalSettings from(Map<String, String> env, Path home) {
        Path workDir = Path.of(env.getOrDefault("KFN_LOCAL_DIR", ".kfn")).toAbsolutePath();
        return new LocalSettings(
                home,
                workDir,
                env.getOrDefault("KFN_LOCAL_NAMESPACE", "default"),
                env.getOrDefault("KFN_LOCAL_BIND", LOOPBACK),
                Integer.parseInt(env.getOrDefault("KFN_GATEWAY_PORT", "8080")),
                // a code server on this machine or its network is how local code is served over HTTP
                Boolean.parseBoolean(env.getOrDefault(HostEnvironment.CODE_ALLOW_HTTP, "true")),
                BrokerSettings.fromEnvironment(env),
                HostJdk.find(env),
                // on by default; off measures or debugs a start without it
                Boolean.parseBoolean(env.getOrDefault("KFN_HOST_CLASS_CACHE", "true")),
                // a cache is named for the host build and the JDK it fits, so kfn locals of one checkout may share one
                Optional.ofNullable(env.get("KFN_HOST_CACHE_DIR"))
                        .map(dir -> Path.of(dir).toAbsolutePath())
                        .orElse(workDir.resolve("host-cache")));
    }

    public Path operatorJar() {
        return home.resolve("operator/target/quarkus-app/quarkus-run.jar");
    }

    public Path gatewayJar() {
        return home.resolve("gateway/target/quarkus-app/quarkus-run.jar");
    }

    public Path chart() {
        return home.resolve("charts/kfn");
    }

    /**
     * The packaged application that stands for a chart image on this machine: {@code .../operator:tag} is the
     * operator module's, {@code .../gateway:tag} the gateway's; empty when that module is not built.
     *
     * @throws IllegalArgumentException for an image kfn local has no module for
     */
    public Optional<Path> application(String image) {
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int tag = repository.lastIndexOf(':');
        if (tag > repository.lastIndexOf('/')) {
            repository = repository.substring(0, tag);
        }
        Path jar = switch (repository.substring(repository.lastIndexOf('/') + 1)) {
            case "operator" -> operatorJar();
            case "gateway" -> gatewayJar();
            default -> throw new IllegalArgumentException("kfn local runs no image " + image);
        };
        return Files.exists(jar) ? Optional.of(jar) : Optional.empty();
    }

    public Path hostJar() {
        return home.resolve("runtime-image/target/quarkus-app/quarkus-run.jar");
    }

    public String gatewayUrl() {
        return "http://" + reachableHost(bind) + ":" + gatewayPort;
    }

    /** The name a client on this machine uses for a server listening on {@code bind}. */
    public static String reachableHost(String bind) {
        return switch (bind) {
            case LOOPBACK, "0.0.0.0", "::", "localhost" -> "localhost";
            default -> bind.contains(":") ? "[" + bind + "]" : bind;
        };
    }
}
