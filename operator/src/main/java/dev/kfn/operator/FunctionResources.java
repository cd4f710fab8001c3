package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.contract.Runtime;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Compute resources of one instance. Memory and ephemeral storage: requests equal limits, so an
 * instance is never evicted for using what it was promised, except that a /tmp in memory raises the memory limit
 * alone. CPU: the request follows memory as in
 * Lambda; the limit is at least {@link PodSettings#minCpuLimitMillicores()}, so a small function
 * can burst through its start as Lambda's do during init.
 */
public final class FunctionResources {

    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);
    /** Room beside /tmp in the container's ephemeral storage, for the fetched code and the logs. */
    private static final String EPHEMERAL_HEADROOM = "256Mi";

    private FunctionResources() {}

    public static long memoryMib(FunctionSpec spec) {
        return Quantity.getAmountInBytes(new Quantity(spec.getMemory()))
                .divide(MIB)
                .longValue();
    }

    /** One vCPU per {@code mebibytesPerVcpu} of memory, rounded up to whole millicores, capped. */
    public static long cpuMillicores(long memoryMib, PodSettings settings) {
        long millicores = (memoryMib * 1000 + settings.mebibytesPerVcpu() - 1) / settings.mebibytesPerVcpu();
        return Math.min(millicores, settings.maxCpuMillicores());
    }

    /**
     * A /tmp in memory is charged to the memory limit as it fills, so the limit makes room for it beside the
     * function's own memory; the request stays the function's memory, since a /tmp is mostly empty and a request
     * reserves node memory for every instance whether used or not.
     */
    public static ResourceRequirements of(Function fn, PodSettings settings) {
        FunctionSpec spec = fn.getSpec();
        TmpVolume tmp = TmpVolume.of(fn, settings.tmp());
        long memoryMib = memoryMib(spec);
        BigDecimal ephemeral = tmp.diskBytes().add(Quantity.getAmountInBytes(new Quantity(EPHEMERAL_HEADROOM)));
        long cpu = cpuMillicores(memoryMib, settings);
        boolean provided = Runtime.of(spec.getRuntime()).orElse(Runtime.JAVA) == Runtime.PROVIDED;
        // a provided function's memory is its bootstrap's; the host beside it brings its own
        long podMemoryMib = memoryMib + (provided ? settings.providedHostMemoryMib() : 0);
        Quantity memory = new Quantity(podMemoryMib + "Mi");
        long tmpMib = tmp.memoryBytes().divide(MIB).longValue();
        Quantity storage = new Quantity(ephemeral.divide(MIB).toBigInteger() + "Mi");
        return new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", memory, "cpu", new Quantity(cpu + "m"), "ephemeral-storage", storage))
                .withLimits(Map.of(
                        "memory",
                        new Quantity((podMemoryMib + tmpMib) + "Mi"),
                        "cpu",
                        new Quantity(Math.max(cpu, settings.minCpuLimitMillicores()) + "m"),
                        "ephemeral-storage",
                        storage))
                .build();
    }
}
