package dev.kfn.local;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionValidation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A folder of Function manifests kept applied, as GitOps keeps a repository applied: every
 * {@code *.yaml}/{@code *.yml} file's Functions are created or updated, and those of a changed or
 * deleted file that are no longer in it are deleted. A relative {@code file:} code URL is read
 * against the folder, so a manifest can point at code built next to it. A file that cannot be applied
 * is reported ({@code bad.yaml: not applied: line 7: …}) and changes nothing; no failure stops the following.
 */
public final class ManifestFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManifestFolder.class.getName());
    private static final long QUIET_MILLIS = 150;

    private final Path folder;
    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<String> problems;
    private final Map<Path, Set<String>> functionsByFile = new HashMap<>();
    private final Map<Path, Set<String>> streamsByFile = new HashMap<>();
    private WatchService watcher;
    private Thread watching;

    /** @param problems told each problem as one line that starts with the file's name */
    public ManifestFolder(Path folder, KubernetesClient client, String namespace, Consumer<String> problems) {
        this.folder = folder.toAbsolutePath().normalize();
        this.client = client;
        this.namespace = namespace;
        this.problems = problems;
    }

    /** Applies every manifest now, then keeps watching the folder. */
    public void start() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        folder.register(
                watcher,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        applyAll();
        watching = new Thread(this::watch, "kfn-manifest-folder");
        watching.setDaemon(true);
        watching.start();
    }

    private void watch() {
        try {
            while (true) {
                Set<Path> changed = new LinkedHashSet<>();
                boolean overflow = collect(watcher.take(), changed);
                // a save is often a truncate and then a write: read files once the folder has been quiet a moment,
                // or the empty file between the two would delete its Functions
                for (WatchKey more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                        more != null;
                        more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) {
                    overflow |= collect(more, changed);
                }
                if (overflow) {
                    applyAll();
                } else {
                    changed.forEach(this::follow);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether events were lost (an overflow), so that the whole folder must be read again */
    private boolean collect(WatchKey key, Set<Path> changed) {
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
            } else if (event.context() instanceof Path name && isManifest(name)) {
                changed.add(folder.resolve(name));
            }
        }
        key.reset();
        return overflow;
    }

    /** Every manifest in the folder, and the removal of those that went while no event said so. */
    private void applyAll() {
        Set<Path> files = new LinkedHashSet<>(functionsByFile.keySet());
        files.addAll(streamsByFile.keySet());
        try (Stream<Path> listed = Files.list(folder)) {
            listed.filter(ManifestFolder::isManifest).sorted().forEach(files::add);
        } catch (IOException e) {
            problems.accept(folder + ": cannot list it: " + e.getMessage());
        }
        files.forEach(this::follow);
    }

    /** Applies or removes one file; whatever goes wrong is reported and the folder is still followed. */
    private void follow(Path file) {
        try {
            if (Files.exists(file)) {
                apply(file);
            } else {
                remove(file);
            }
        } catch (RuntimeException e) {
            problems.accept(file.getFileName() + ": " + reason(e));
        }
    }

    /** Creates or updates the file's Functions and deletes those it no longer holds. */
    synchronized void apply(Path file) {
        ManifestFile.Contents contents;
        try {
            contents = ManifestFile.read(file, client.getKubernetesSerialization());
        } catch (NoSuchFileException e) {
            remove(file);
            return;
        } catch (IOException e) {
            problems.accept(file.getFileName() + ": not applied: cannot read it: " + e.getMessage());
            return;
        } catch (InvalidManifestException e) {
            problems.accept(file.getFileName() + ": not applied: " + e.getMessage());
            return;
        }
        contents.skipped()
                .forEach(other -> problems.accept(file.getFileName() + ": skipping " + other
                        + " (kfn local applies Functions and Streams only)"));
        applyStreams(file, contents);
        Set<String> names = new LinkedHashSet<>();
        for (Function fn : contents.functions()) {
            String name = fn.getMetadata().getName();
            names.add(name);
            fn.getMetadata().setNamespace(namespace);
            resolveCodeUrl(fn);
            // kfn local's API server does not evaluate the CRD's schema, so the folder refuses what a cluster's would
            List<String> invalid = FunctionValidation.problems(fn);
            if (!invalid.isEmpty()) {
                problems.accept(
                        file.getFileName() + ": Function " + name + " not applied: " + String.join("; ", invalid));
                continue;
            }
            try {
                FunctionApply.apply(client, fn);
            } catch (KubernetesClientException e) {
                problems.accept(file.getFileName() + ": Function " + name + " not applied: " + reason(e));
            }
        }
        for (String gone : functionsByFile.getOrDefault(file, Set.of())) {
            if (!names.contains(gone)) {
                delete(file, gone, "no longer in " + file.getFileName());
            }
        }
        functionsByFile.put(file, names);
    }

    synchronized void remove(Path file) {
        for (String name : functionsByFile.getOrDefault(file, Set.of())) {
            delete(file, name, file.getFileName() + " is gone");
        }
        functionsByFile.remove(file);
        for (String name : streamsByFile.getOrDefault(file, Set.of())) {
            deleteStream(file, name, file.getFileName() + " is gone");
        }
        streamsByFile.remove(file);
    }

    /** The file's Streams, created or updated, and those it no longer holds deleted. */
    private void applyStreams(Path file, ManifestFile.Contents contents) {
        Set<String> names = new LinkedHashSet<>();
        for (var stream : contents.streams()) {
            String name = stream.getMetadata().getName();
            names.add(name);
            stream.getMetadata().setNamespace(namespace);
            try {
                StreamApply.apply(client, stream);
            } catch (KubernetesClientException e) {
                problems.accept(file.getFileName() + ": Stream " + name + " not applied: " + reason(e));
            }
        }
        for (String gone : streamsByFile.getOrDefault(file, Set.of())) {
            if (!names.contains(gone)) {
                deleteStream(file, gone, "no longer in " + file.getFileName());
            }
        }
        streamsByFile.put(file, names);
    }

    private void deleteStream(Path file, String name, String why) {
        try {
            StreamApply.delete(client, namespace, name);
            LOG.info(() -> "deleted Stream " + name + " (" + why + ")");
        } catch (KubernetesClientException e) {
            problems.accept(file.getFileName() + ": Stream " + name + " not deleted: " + reason(e));
        }
    }

    private void delete(Path file, String name, String why) {
        try {
            client.resources(Function.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .delete();
            LOG.info(() -> "deleted Function " + name + " (" + why + ")");
        } catch (KubernetesClientException e) {
            problems.accept(file.getFileName() + ": Function " + name + " not deleted: " + reason(e));
        }
    }

    private void resolveCodeUrl(Function fn) {
        if (fn.getSpec() == null
                || fn.getSpec().getCode() == null
                || fn.getSpec().getCode().getUrl() == null) {
            return;
        }
        String url = fn.getSpec().getCode().getUrl();
        if (url.startsWith("file:") && !url.startsWith("file:/")) {
            fn.getSpec()
                    .getCode()
                    .setUrl(folder.resolve(url.substring("file:".length()))
                            .normalize()
                            .toUri()
                            .toString());
        }
    }

    /** The API server's own words when it gave any, else the first message along the causes: never "null". */
    private static String reason(RuntimeException e) {
        if (e instanceof KubernetesClientException api
                && api.getStatus() != null
                && api.getStatus().getMessage() != null) {
            return api.getStatus().getMessage();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return e.getClass().getSimpleName();
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
