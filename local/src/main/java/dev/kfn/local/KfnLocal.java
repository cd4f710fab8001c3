package dev.kfn.local;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** {@code kfn local <folder>}: the whole platform on this machine, serving the Functions of a folder. */
public final class KfnLocal {

    private KfnLocal() {}

    public static void main(String[] args) throws Exception {
        quietLogs();
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: kfn local <folder of Function manifests>");
            System.exit(2);
        }
        LocalSettings settings;
        try {
            settings = LocalSettings.from(System.getenv(), Path.of(System.getProperty("kfn.home", ".")));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("kfn local: " + e.getMessage());
            System.exit(1);
            return;
        }
        Optional<String> problem = BrokerProbe.problem(settings.broker());
        if (problem.isPresent()) {
            System.err.println("kfn local: " + problem.get());
            System.exit(1);
        }
        System.out.println("kfn local: starting (logs in " + settings.workDir().resolve("logs") + ")");
        LocalPlatform platform = new LocalPlatform(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nkfn local: stopping");
            platform.close();
            stopped.countDown();
        }));
        try {
            platform.start();
        } catch (RuntimeException e) {
            System.err.println("kfn local: " + e.getMessage());
            System.exit(1);
        }
        String gateway = platform.gatewayUrl().orElse(null);
        System.out.println("kfn local: Kubernetes API " + platform.api().url()
                + (gateway == null ? "; gateway not built, invocations need gateway/" : "; gateway " + gateway));
        System.out.println("  kubectl: export KUBECONFIG=" + platform.kubeconfig() + "   (or kubectl --server "
                + platform.api().url() + ")");
        // what a Prometheus of one's own scrapes, as the chart's monitors do on a cluster
        System.out.println("  metrics: " + platform.operatorUrl() + "/q/metrics (operator)"
                + (gateway == null ? "" : ", " + gateway + "/q/metrics (gateway)")
                + ", each instance at its Pod's podIP:hostPort/q/metrics");
        System.out.println("  instances: Java " + settings.hostJdk().version() + " ("
                + settings.hostJdk().home()
                + (settings.hostClassCache() ? "), from a class cache of the host once it is trained" : ")"));
        platform.api().client().resources(Function.class).inAnyNamespace().inform(new StatusPrinter(gateway));
        ManifestFolder folder = new ManifestFolder(
                Path.of(args[0]),
                platform.api().client(),
                settings.namespace(),
                line -> System.out.println("  " + line));
        folder.start();
        System.out.println("kfn local: serving "
                + Path.of(args[0]).toAbsolutePath().normalize() + " (edit, add or delete manifests; Ctrl-C stops)");
        stopped.await();
    }

    /** One line per message. */
    private static void quietLogs() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "kfn local: %4$s: %5$s%6$s%n");
        // Fabric8 warns on every v1alpha1 client: kfn's own API version, nothing to act on
        System.setProperty(
                "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
    }

    /** Prints a function's URL and a curl line when it becomes ready, and why when it cannot be. */
    private static final class StatusPrinter implements ResourceEventHandler<Function> {

        private final String gateway;
        private final Map<String, String> lastSaid = new ConcurrentHashMap<>();

        StatusPrinter(String gateway) {
            this.gateway = gateway;
        }

        @Override
        public void onAdd(Function fn) {
            say(fn);
        }

        @Override
        public void onUpdate(Function old, Function fn) {
            say(fn);
        }

        @Override
        public void onDelete(Function fn, boolean unknownFinalState) {
            lastSaid.remove(fn.getMetadata().getName());
            System.out.println("  " + fn.getMetadata().getName() + ": deleted");
        }

        private void say(Function fn) {
            Optional<String> line = StatusLine.of(fn, gateway);
            if (line.isPresent()
                    && !line.get().equals(lastSaid.put(fn.getMetadata().getName(), line.get()))) {
                System.out.println(line.get());
            }
        }
    }
}
