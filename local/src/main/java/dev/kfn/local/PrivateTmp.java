package dev.kfn.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A {@code /tmp} of each instance's own, of the size its pod's {@code /tmp} volume has, as Lambda gives a function:
 * a write past the size fails with "No space left on device" and the instance lives on. On Linux the instance runs
 * in a mount namespace of its own with a size-bounded tmpfs on {@code /tmp}: {@code unshare --mount} as root, an
 * unprivileged user namespace ({@code unshare --user --map-root-user --mount}) otherwise.
 */
final class PrivateTmp {

    static final String MOUNT_PATH = "/tmp";

    /**
     * Mounts the tmpfs, binds back the folders of kfn's own the instance needs, and its working directory, that lie
     * under the old {@code /tmp}
     * (reached through the working directory, which still is the old one; {@code --no-canonicalize} keeps mount from
     * resolving that path into the new tmpfs), then becomes the instance, so its process id is the instance's.
     * Arguments: the size in bytes, the folders to keep, {@code --}, the command.
     */
    private static final String MOUNT_THEN_EXEC = String.join(
            "; ",
            "here=$(pwd)",
            "cd " + MOUNT_PATH + " || exit 1",
            "mount -t tmpfs -o size=\"$1\",mode=1777 kfn-tmp " + MOUNT_PATH + " || exit 1",
            "shift",
            "while [ \"$1\" != -- ]; do mkdir -p \"$1\" && mount --no-canonicalize --bind \".${1#" + MOUNT_PATH
                    + "}\" \"$1\" || exit 1; shift; done",
            "shift",
            // the working directory is kept too when it lies under /tmp (a checkout there, as a CI runner makes)
            "case \"$here\" in " + MOUNT_PATH
                    + "/*) [ -d \"$here\" ] || { mkdir -p \"$here\" && mount --no-canonicalize" + " --bind \".${here#"
                    + MOUNT_PATH + "}\" \"$here\"; } || exit 1;; esac",
            "cd \"$here\" && exec \"$@\"");

    private final List<String> unshare;

    private PrivateTmp(List<String> unshare) {
        this.unshare = unshare;
    }

    /** The first way this machine allows, tried for real; none when neither does. */
    static PrivateTmp detect() {
        for (List<String> way : List.of(
                List.of("unshare", "--mount", "--propagation", "private"),
                List.of("unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"))) {
            if (works(way)) {
                return new PrivateTmp(way);
            }
        }
        return new PrivateTmp(List.of());
    }

    boolean bounded() {
        return !unshare.isEmpty();
    }

    /**
     * The instance's command, run with a {@code /tmp} of {@code bytes} when this machine allows it.
     *
     * @param needs folders the instance reads or writes (kfn's checkout, its work folder): those under {@code /tmp}
     *     stay visible in the instance's own
     */
    List<String> wrap(List<String> command, OptionalLong bytes, List<Path> needs) {
        Optional<List<Path>> kept = kept(needs);
        if (!bounded() || bytes.isEmpty() || kept.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(unshare);
        wrapped.addAll(List.of("sh", "-c", MOUNT_THEN_EXEC, "kfn-tmp", Long.toString(bytes.getAsLong())));
        kept.get().forEach(path -> wrapped.add(path.toString()));
        wrapped.add("--");
        wrapped.addAll(command);
        return wrapped;
    }

    /** The outermost of the needed folders under /tmp; none when one of them is /tmp itself, which cannot be bound. */
    static Optional<List<Path>> kept(List<Path> needs) {
        Path tmp = Path.of(MOUNT_PATH);
        List<Path> under = needs.stream()
                .map(path -> path.toAbsolutePath().normalize())
                .filter(path -> path.startsWith(tmp))
                .distinct()
                .toList();
        if (under.contains(tmp)) {
            return Optional.empty();
        }
        return Optional.of(under.stream()
                .filter(path -> under.stream().noneMatch(other -> !other.equals(path) && path.startsWith(other)))
                .sorted()
                .toList());
    }

    /** The size limit of the emptyDir the pod's first container mounts at {@code /tmp}. */
    static OptionalLong size(PodSpec pod) {
        Container container = pod.getContainers().get(0);
        Optional<String> volume = Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
                .filter(mount -> MOUNT_PATH.equals(mount.getMountPath()))
                .map(VolumeMount::getName)
                .findFirst();
        return volume.flatMap(name -> Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                        .filter(v -> name.equals(v.getName()))
                        .map(PrivateTmp::volumeSize)
                        .flatMap(Optional::stream)
                        .findFirst())
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    private static Optional<Long> volumeSize(Volume volume) {
        Optional<Quantity> size = volume.getEmptyDir() != null
                ? Optional.ofNullable(volume.getEmptyDir().getSizeLimit())
                : Optional.ofNullable(volume.getEphemeral())
                        .map(e -> e.getVolumeClaimTemplate())
                        .map(t -> t.getSpec())
                        .map(spec -> spec.getResources())
                        .map(r -> r.getRequests())
                        .map(requests -> requests.get("storage"));
        return size.map(q -> Quantity.getAmountInBytes(q).longValue());
    }

    private static boolean works(List<String> way) {
        List<String> probe = new ArrayList<>(way);
        probe.addAll(List.of("sh", "-c", "mount -t tmpfs -o size=1m kfn-tmp " + MOUNT_PATH));
        try {
            Process process = new ProcessBuilder(probe)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
