package dev.kfn.runtime.java;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads function code from the task root, as Lambda's Java runtime lays it out: classes at the root,
 * jars in {@code lib/}, or jars at the root. The function sees the JDK, the Lambda core interfaces of
 * the host (they must be the host's own classes to be called through), and nothing else of the host,
 * so its own Jackson, Netty, … never clash with ours.
 */
final class HandlerClassLoader extends URLClassLoader {

    private static final String LAMBDA_CORE = "com.amazonaws.services.lambda.runtime.";
    private static final String LAMBDA_EVENTS = "com.amazonaws.services.lambda.runtime.events.";

    private final ClassLoader host;

    HandlerClassLoader(Path taskRoot, ClassLoader host) {
        super("kfn-function", urls(taskRoot), ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(LAMBDA_CORE) && !name.startsWith(LAMBDA_EVENTS)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static URL[] urls(Path taskRoot) {
        List<URL> urls = new ArrayList<>();
        try {
            if (Files.isRegularFile(taskRoot)) {
                urls.add(taskRoot.toUri().toURL());
                return urls.toArray(URL[]::new);
            }
            urls.add(taskRoot.toUri().toURL());
            addJars(taskRoot, urls);
            addJars(taskRoot.resolve("lib"), urls);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        return urls.toArray(URL[]::new);
    }

    private static void addJars(Path dir, List<URL> urls) throws MalformedURLException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar :
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
