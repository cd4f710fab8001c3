package dev.kfn.local.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the CLI's commands go: the gateway (option, {@code KFN_GATEWAY_URL}, or kfn local's on {@code KFN_GATEWAY_PORT}),
 * and the Kubernetes API through a kubeconfig (option, {@code KUBECONFIG}, kfn local's {@code .kfn/kubeconfig} while it
 * runs, else {@code ~/.kube/config}).
 */
final class Targets {

    @Option(
            names = "--gateway",
            paramLabel = "URL",
            description = "the kfn gateway (default: $KFN_GATEWAY_URL, else kfn local's http://localhost:8080)")
    String gateway;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description =
                    "the kubeconfig (default: $KUBECONFIG, else kfn local's .kfn/kubeconfig while it runs, else ~/.kube/config)")
    Path kubeconfig;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NAMESPACE",
            description = "the functions' namespace (default: the kubeconfig context's, else default)")
    String namespace;

    private final Map<String, String> env = System.getenv();

    String gatewayUrl() {
        if (gateway != null) {
            return strip(gateway);
        }
        return strip(Optional.ofNullable(env.get("KFN_GATEWAY_URL"))
                .orElse("http://localhost:" + env.getOrDefault("KFN_GATEWAY_PORT", "8080")));
    }

    /** kfn local's working folder: {@code KFN_LOCAL_DIR} against the checkout the kfn script runs from. */
    static Path localDir() {
        Path home = Path.of(System.getProperty("kfn.home", "."));
        return home.resolve(System.getenv().getOrDefault("KFN_LOCAL_DIR", ".kfn"))
                .toAbsolutePath()
                .normalize();
    }

    Optional<Path> kubeconfigFile() {
        if (kubeconfig != null) {
            return Optional.of(kubeconfig);
        }
        if (env.get("KUBECONFIG") != null) {
            return Optional.of(Path.of(env.get("KUBECONFIG").split(File.pathSeparator)[0]));
        }
        Path local = localDir().resolve("kubeconfig");
        return Files.exists(local) ? Optional.of(local) : Optional.empty();
    }

    /** A client on the chosen kubeconfig, said where it points when the API does not answer. */
    KubernetesClient client() {
        Optional<Path> file = kubeconfigFile();
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new CliException(
                    file.get() + ": no such kubeconfig; pass --kubeconfig FILE, or start kfn local (./kfn local)");
        }
        Config config = file.map(f -> Config.fromKubeconfig(f.toFile())).orElseGet(() -> Config.autoConfigure(null));
        if (namespace != null) {
            config.setNamespace(namespace);
        } else if (config.getNamespace() == null) {
            config.setNamespace("default");
        }
        // a command line answers at once: no retries with back-off against an API that is not there
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(5_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Whether a failure is the API not answering at all (refused, reset, unknown host), rather than an answer. */
    static boolean isUnreachable(KubernetesClientException failure) {
        if (failure.getCode() > 0) {
            return false;
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** What to do when the API named by the kubeconfig does not answer. */
    String unreachable(KubernetesClient client) {
        String from = kubeconfigFile().map(Path::toString).orElse("~/.kube/config");
        return "the Kubernetes API at " + client.getConfiguration().getMasterUrl() + " (from " + from
                + ") does not answer; start kfn local (./kfn local), or pass --kubeconfig FILE";
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
