package dev.kfn.local;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of Function manifests kept applied, as GitOps keeps a repository applied: every
 * {@code *.yaml}/{@code *.yml} file's Functions are created or updated, and those of a changed or
 * deleted file that are no longer in it are deleted. A relative {@code file:} code URL is read
 * against the folder, so a manifest can point at code built next to it.
 */
public final class ManifestFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManifestFolder.class.getName());

    private final Path folder;
    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<Function> applied;
    private final Map<Path, Set<String>> functionsByFile = new HashMap<>();
    private WatchService watcher;
    private Thread watching;

    public ManifestFolder(Path folder, KubernetesClient client, String namespace, Consumer<Function> applied) {
        this.folder = folder.toAbsolutePath().normalize();
        this.client = client;
        this.namespace = namespace;
        this.applied = applied;
    }

    /** Applies every manifest now, then keeps watching the folder. */
    public void start() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(ManifestFolder::isManifest).sorted().toList()) {
                apply(file);
            }
        }
        watcher = FileSystems.getDefault().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        watching = new Thread(this::watch, "kfn-manifest-folder");
        watching.setDaemon(true);
        watching.start();
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && isManifest(name)) {
                        Path file = folder.resolve(name);
                        if (Files.exists(file)) {
                            apply(file);
                        } else {
                            remove(file);
                        }
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates or updates the file's Functions and deletes those it no longer holds. */
    synchronized void apply(Path file) {
        List<Function> functions = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = client.getKubernetesSerialization().unmarshal(in);
            List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
            for (Object item : items) {
                if (item instanceof HasMetadata resource && Function.GROUP.equals(groupOf(resource)) && "Function".equals(resource.getKind())) {
                    functions.add(client.getKubernetesSerialization().convertValue(resource, Function.class));
                } else if (item instanceof HasMetadata other) {
                    LOG.warning(() -> file.getFileName() + ": skipping " + other.getKind() + " " + other.getMetadata().getName()
                        + " (kfn local applies Functions only)");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> file.getFileName() + ": not applied: " + e.getMessage());
            return;
        }
        Set<String> names = functions.stream().map(fn -> fn.getMetadata().getName()).collect(Collectors.toSet());
        for (Function fn : functions) {
            fn.getMetadata().setNamespace(namespace);
            resolveCodeUrl(fn);
            Function current = client.resources(Function.class).inNamespace(namespace).resource(fn)
                .createOr(NonDeletingOperation::update);
            applied.accept(current);
        }
        for (String gone : functionsByFile.getOrDefault(file, Set.of())) {
            if (!names.contains(gone)) {
                client.resources(Function.class).inNamespace(namespace).withName(gone).delete();
            }
        }
        functionsByFile.put(file, names);
    }

    synchronized void remove(Path file) {
        for (String name : functionsByFile.getOrDefault(file, Set.of())) {
            client.resources(Function.class).inNamespace(namespace).withName(name).delete();
            LOG.info(() -> "deleted Function " + name + " (" + file.getFileName() + " is gone)");
        }
        functionsByFile.remove(file);
    }

    private void resolveCodeUrl(Function fn) {
        if (fn.getSpec() == null || fn.getSpec().getCode() == null || fn.getSpec().getCode().getUrl() == null) {
            return;
        }
        String url = fn.getSpec().getCode().getUrl();
        if (url.startsWith("file:") && !url.startsWith("file:/")) {
            fn.getSpec().getCode().setUrl(folder.resolve(url.substring("file:".length())).normalize().toUri().toString());
        }
    }

    private static String groupOf(HasMetadata resource) {
        String apiVersion = resource.getApiVersion();
        return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
