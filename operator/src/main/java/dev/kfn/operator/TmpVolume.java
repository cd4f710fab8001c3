package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Where a function's /tmp lives, so that a full /tmp behaves as on Lambda (a write fails with "No space left on
 * device" and the instance lives on) wherever the cluster allows it:
 *
 * <ul>
 *   <li>{@link Kind#MEMORY} up to {@link PodSettings.Tmp#memoryMax()}: a tmpfs {@code emptyDir}, its size limit the
 *       filesystem's size; what it holds is memory, so the size is added to the container's memory limit;
 *   <li>{@link Kind#CLAIMED} above it, with a storage class: a generic ephemeral volume of that size, made and
 *       removed with the pod, full at its size;
 *   <li>{@link Kind#DISK} otherwise: an {@code emptyDir} on the node's disk with a size limit, which the kubelet
 *       enforces by evicting the pod.
 * </ul>
 */
public record TmpVolume(Kind kind, Quantity size, Optional<String> storageClass) {

    public enum Kind {
        MEMORY,
        CLAIMED,
        DISK
    }

    public static TmpVolume of(Function fn, PodSettings.Tmp settings) {
        Quantity size = new Quantity(fn.getSpec().getEphemeralStorage());
        if (bytes(size).compareTo(bytes(settings.memoryMax())) <= 0) {
            return new TmpVolume(Kind.MEMORY, size, Optional.empty());
        }
        if (settings.storageClass().isPresent()) {
            return new TmpVolume(Kind.CLAIMED, size, settings.storageClass());
        }
        return new TmpVolume(Kind.DISK, size, Optional.empty());
    }

    public boolean claimed() {
        return kind == Kind.CLAIMED;
    }

    /** What /tmp adds to the container's memory limit. */
    public BigDecimal memoryBytes() {
        return kind == Kind.MEMORY ? bytes(size) : BigDecimal.ZERO;
    }

    /** What /tmp takes of the node's ephemeral storage. */
    public BigDecimal diskBytes() {
        return kind == Kind.DISK ? bytes(size) : BigDecimal.ZERO;
    }

    public Volume volume(String name) {
        return switch (kind) {
            case MEMORY ->
                new VolumeBuilder()
                        .withName(name)
                        .withNewEmptyDir()
                        .withMedium("Memory")
                        .withSizeLimit(size)
                        .endEmptyDir()
                        .build();
            case CLAIMED ->
                new VolumeBuilder()
                        .withName(name)
                        .withNewEphemeral()
                        .withNewVolumeClaimTemplate()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName(storageClass.orElseThrow())
                        .withNewResources()
                        .withRequests(Map.of("storage", size))
                        .endResources()
                        .endSpec()
                        .endVolumeClaimTemplate()
                        .endEphemeral()
                        .build();
            case DISK -> FunctionDeployment.emptyDir(name, size.toString());
        };
    }

    private static BigDecimal bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }
}
