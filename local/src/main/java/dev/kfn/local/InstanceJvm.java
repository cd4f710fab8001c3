package dev.kfn.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JVM kfn local starts runtime hosts on: the JDK picked for them, with the host's trained class cache once there
 * is one. An instance started before the cache exists starts without it.
 */
public final class InstanceJvm {

    private final HostJdk jdk;
    private volatile Optional<Path> classCache = Optional.empty();
    private volatile List<String> options = List.of();

    public InstanceJvm(HostJdk jdk) {
        this.jdk = jdk;
    }

    public HostJdk jdk() {
        return jdk;
    }

    /** Options every instance gets before the container's own. */
    public List<String> options() {
        return options;
    }

    /** The host's class cache instances start from, once it is trained. */
    public Optional<Path> classCache() {
        return classCache;
    }

    void use(HostClassCache trained) {
        options = trained.useOptions();
        classCache = Optional.of(trained.file());
    }
}
